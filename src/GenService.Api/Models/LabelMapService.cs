using System.Globalization;
using GenService.Api.Entities;
using GenService.Api.Inference;
using GenService.Api.Infrastructure;
using GenService.ML.Datasets;
using GenService.ML.Families;
using GenService.ML.Imaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GenService.Api.Models;

/// <summary>
/// Renders label maps with a model that has the capability (SPADE) through the <see cref="InferenceEngine"/>, and tells
/// clients the classes to paint maps with. The classes are those of the model's training dataset, read from its manifest.
/// </summary>
public sealed class LabelMapService(
    GenServiceDbContext db, InferenceEngine engine, ServableModels servable, ModelFamilyCatalog families, IOptions<StorageOptions> storage)
{
    public const int MaxCount = 16;

    /// <returns>One image, or a grid of <see cref="LabelMapRequest.Count"/> (seeds seed, seed + 1, ...); Invalid for bad
    /// fields, a model without the capability (before any file is decoded), or a bad map or style image; Conflict when
    /// the model's dataset, whose classes the map is read with, was deleted; otherwise the answers of <see cref="InferenceEngine.RunAsync"/>.</returns>
    public async Task<ServiceResult<RenderedLabelMap>> RenderAsync(Guid id, LabelMapRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (request.Count is < 1 or > MaxCount)
            errors.Add("count", $"Must be between 1 and {MaxCount}.");
        errors.Add(ModelService.CheckCheckpoint(request.Checkpoint));
        if (errors.ToError() is { } invalid)
            return invalid;
        var served = await servable.FindAsync(id, request.Checkpoint, cancellationToken);
        if (served.Error is not null)
            return served.Error;
        var classes = await ClassesOfAsync(id, cancellationToken);
        if (classes.Error is not null)
            return classes.Error;
        var (model, manifest) = classes.Value;

        var map = LabelMapInput.Read(request.LabelMap, manifest.Classes, manifest.DontCareIndex, model.ImageHeight);
        if (map.Error is not null)
            return map.Error;
        var (indices, conversion) = map.Value;
        byte[]? style = null;
        if (request.Style is { } encodedStyle)
        {
            var styleImage = StyleImage(encodedStyle, new ImageShape(model.Channels, model.ImageHeight, model.ImageWidth));
            if (styleImage.Error is not null)
                return styleImage.Error;
            (style, var styleConversion) = styleImage.Value;
            conversion += "; " + styleConversion;
        }

        var seeds = Enumerable.Range(0, request.Count).Select(i => request.Seed + i).ToList();
        var maps = Enumerable.Repeat(indices, request.Count).ToList();
        var generated = await engine.RunAsync(served.Value!, new LabelMapWork(maps, style, seeds), cancellationToken);
        var columns = (int)Math.Ceiling(Math.Sqrt(request.Count));
        var image = ModelService.Encode(generated, ImageOutput.Still(request.Format.ToImageFormat()), columns);
        return image.Error is null ? new RenderedLabelMap(image.Value!, conversion) : image.Error;
    }

    /// <returns>The classes; NotFound for an unknown model; Invalid for a model without the capability; Conflict when its dataset was deleted.</returns>
    public async Task<ServiceResult<ModelClassesResponse>> ClassesAsync(Guid id, CancellationToken cancellationToken)
    {
        var classes = await ClassesOfAsync(id, cancellationToken);
        if (classes.Error is not null)
            return classes.Error;
        var (model, manifest) = classes.Value;
        return new ModelClassesResponse(manifest.Classes, manifest.DontCareIndex, model.ImageHeight, manifest.Count, $"/v1/models/{id}/label-maps/{{index}}");
    }

    /// <returns>Item <paramref name="index"/>'s map of the model's dataset at the model's size, as a palette PNG in the
    /// classes' colours; the errors of <see cref="ClassesAsync"/>, and Invalid for an index out of range.</returns>
    public async Task<ServiceResult<GeneratedImage>> SampleLabelMapAsync(Guid id, long index, CancellationToken cancellationToken)
    {
        var classes = await ClassesOfAsync(id, cancellationToken);
        if (classes.Error is not null)
            return classes.Error;
        var (model, manifest) = classes.Value;
        if (index < 0 || index >= manifest.Count)
            return ServiceError.Invalid("index", string.Create(CultureInfo.InvariantCulture, $"The model's dataset has maps 0 to {manifest.Count - 1}."));
        var map = (await DatasetMapsAsync(model, index, 1, cancellationToken))[0];
        using var palette = LabelMapPalette.Colours(manifest.Classes, manifest.DontCareIndex);
        return new GeneratedImage(PalettePng.Encode(map, model.ImageWidth, model.ImageHeight, palette.data<byte>().ToArray()), ImageFormat.Png.ContentType);
    }

    /// <summary>Maps first to first + count − 1 of the model's dataset at the model's size, as the sample-map route serves them
    /// (an asynchronous generation renders them). The model renders label maps and the items exist (checked before).</summary>
    /// <returns>Each size × size class indices, row after row; Conflict when the dataset was deleted meanwhile.</returns>
    public async Task<ServiceResult<IReadOnlyList<byte[]>>> DatasetMapsAsync(Guid modelId, long first, int count, CancellationToken cancellationToken)
    {
        var model = await db.Models.AsNoTracking().FirstAsync(m => m.Id == modelId, cancellationToken);
        if (!await db.Datasets.AnyAsync(d => d.Id == model.DatasetId, cancellationToken))
            return ServiceError.Conflict("The model's training dataset has been deleted: its label maps went with it.");
        return await DatasetMapsAsync(model, first, count, cancellationToken);
    }

    private async Task<List<byte[]>> DatasetMapsAsync(GenerativeModel model, long first, int count, CancellationToken cancellationToken)
    {
        var dataset = await db.Datasets.AsNoTracking().FirstAsync(d => d.Id == model.DatasetId, cancellationToken);
        using var items = LabelMapFile.Read(storage.Value.Resolve(dataset.StorageLocation), [.. Enumerable.Range(0, count).Select(i => first + i)]);
        using var resized = LabelMapSet.ResizeNearest(items.Maps, model.ImageHeight);
        return [.. Enumerable.Range(0, count).Select(i => { using var map = resized[i]; return map.contiguous().data<byte>().ToArray(); })];
    }

    /// <summary>The model, after checking it renders label maps, and its training dataset's label-map manifest.</summary>
    private async Task<ServiceResult<(GenerativeModel Model, LabelMapManifest Manifest)>> ClassesOfAsync(Guid id, CancellationToken cancellationToken)
    {
        var model = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (model is null)
            return ServiceError.NotFound($"Model {id} does not exist.");
        if (CapabilityCheck.Require(families, model.Architecture, ModelCapability.LabelMapToImage) is { } unsupported)
            return unsupported;
        var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == model.DatasetId, cancellationToken);
        if (dataset is null)
            return ServiceError.Conflict("The model's training dataset has been deleted: its classes, which say what a label map's values and colours mean, went with it.");
        return (model, LabelMapFile.ReadManifest(storage.Value.Resolve(dataset.StorageLocation)));
    }

    /// <summary>A style image read as <see cref="RenderAsync"/> reads it, for a model that renders label maps (checked before):
    /// what an asynchronous generation keeps to render its maps in.</summary>
    /// <returns>8-bit [C, H, W] at the model's shape, row-major; Invalid (field "style") when it is not a usable image.</returns>
    public async Task<ServiceResult<byte[]>> StylePixelsAsync(Guid modelId, byte[] encoded, CancellationToken cancellationToken)
    {
        var model = await db.Models.AsNoTracking().FirstAsync(m => m.Id == modelId, cancellationToken);
        var style = StyleImage(encoded, new ImageShape(model.Channels, model.ImageHeight, model.ImageWidth));
        return style.Error ?? (ServiceResult<byte[]>)style.Value.Pixels;
    }

    /// <summary>Centre-cropped and resized to the model's shape as translate's uploads are.</summary>
    private static ServiceResult<(byte[] Pixels, string Conversion)> StyleImage(byte[] encoded, ImageShape shape)
    {
        try
        {
            using var decoded = ImageCodec.Decode(encoded, shape.Height, shape.Channels);
            var source = decoded.Source;
            var side = Math.Min(source.Width, source.Height);
            var conversion = string.Create(CultureInfo.InvariantCulture,
                $"style {source.Format.Name} {source.Width}x{source.Height}; centre crop {side}x{side}; resized to {shape.Width}x{shape.Height}");
            return (decoded.Pixels.contiguous().data<byte>().ToArray(), conversion);
        }
        catch (InvalidImageException exception)
        {
            return ServiceError.Invalid("style", exception.Message);
        }
    }
}
