using GenService.Api.Inference;
using GenService.Api.Infrastructure;
using GenService.ML.Families;
using GenService.ML.Imaging;

namespace GenService.Api.Models;

/// <summary>Translates an image with a model that translates (pix2pix, CycleGAN) through the <see cref="InferenceEngine"/>.</summary>
public sealed class TranslationService(InferenceEngine engine, ServableModels servable, ModelFamilyCatalog families, TranslationInputs inputs)
{
    /// <returns>The image; Invalid for bad fields, a model that does not translate (before anything is loaded or
    /// decoded) or a bad image; otherwise the answers of <see cref="InferenceEngine.RunAsync"/>.</returns>
    public async Task<ServiceResult<TranslatedImage>> TranslateAsync(
        Guid id, TranslationSource source, long seed, TranslationWay way, ImageFormat format, string? checkpoint, CancellationToken cancellationToken)
    {
        if (ModelService.CheckCheckpoint(checkpoint) is { } badCheckpoint)
            return badCheckpoint;
        var model = await servable.FindAsync(id, checkpoint, cancellationToken);
        if (model.Error is not null)
            return model.Error;
        if (CapabilityCheck.Require(families, model.Value!.Architecture, ModelCapability.Translate) is { } unsupported)
            return unsupported;
        if (CapabilityCheck.Require(families, model.Value.Architecture, TranslateWork.CapabilityFor(way.Direction, way.RoundTrip)) is { } oneWay)
            return ServiceError.Invalid(way.Direction is null ? "roundTrip" : "direction", oneWay.Detail);

        var input = source.DatasetIndex is { } index
            ? await inputs.FromDatasetAsync(id, index, 1, "datasetIndex", cancellationToken)
            : TranslationInputs.FromUpload(source.Upload!, await inputs.InputShapeAsync(id, cancellationToken));
        if (input.Error is not null)
            return input.Error;

        var generated = await engine.RunAsync(model.Value, new TranslateWork(input.Value!.Pixels, [seed], way.Direction, way.RoundTrip), cancellationToken);
        if (generated.Error is not null)
            return generated.Error;
        var (pixels, _, shape) = generated.Value!;
        var image = new GeneratedImage(ImageCodec.Encode(pixels, shape.Channels, shape.Height, shape.Width, format), format.ContentType);
        return new TranslatedImage(image, input.Value.Conversion);
    }
}
