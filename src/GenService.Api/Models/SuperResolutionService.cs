using System.Globalization;
using GenService.Api.Inference;
using GenService.Api.Infrastructure;
using GenService.ML.Families;
using GenService.ML.Families.SuperResolution;
using GenService.ML.Imaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GenService.Api.Models;

/// <summary>An upscaled image, the scales it was made with, and whether the format dropped the input's alpha.</summary>
public sealed record SuperResolvedImage(GeneratedImage Image, int ModelScale, double OutputScale, bool AlphaDropped);

/// <summary>Upscales an uploaded image with a super-resolution model (SRResNet, SRGAN) through the <see cref="InferenceEngine"/>.</summary>
public sealed class SuperResolutionService(
    GenServiceDbContext db, InferenceEngine engine, ServableModels servable, ModelFamilyCatalog families, IOptions<InferenceOptions> options)
{
    /// <summary>The smallest output scale; the largest is twice the model's.</summary>
    public const double MinOutputScale = 0.25;

    /// <param name="outputScale">Output size over input size; null for the model's scale.</param>
    /// <returns>The image; Invalid for bad fields, a model that does not super-resolve (before the image is decoded) or a bad
    /// image; TooLarge for an image over <see cref="InferenceOptions.MaxSuperResolvePixels"/> (from its header);
    /// otherwise the answers of <see cref="InferenceEngine.RunAsync"/>.</returns>
    public async Task<ServiceResult<SuperResolvedImage>> SuperResolveAsync(
        Guid id, byte[] upload, double? outputScale, ImageFormat format, string? checkpoint, CancellationToken cancellationToken)
    {
        if (ModelService.CheckCheckpoint(checkpoint) is { } badCheckpoint)
            return badCheckpoint;
        var model = await servable.FindAsync(id, checkpoint, cancellationToken);
        if (model.Error is not null)
            return model.Error;
        var architecture = model.Value!.Architecture;
        if (CapabilityCheck.Require(families, architecture, ModelCapability.SuperResolve) is { } unsupported)
            return unsupported;

        var stored = await db.Models.AsNoTracking().FirstAsync(m => m.Id == id, cancellationToken);
        var hyperparameters = Hyperparameters.FromStored(families.Find(architecture)!.Hyperparameters, stored.Hyperparameters);
        var modelScale = SuperResolutionHyperparameters.From(hyperparameters).Scale;
        var scale = outputScale ?? modelScale;
        if (!(scale >= MinOutputScale && scale <= 2 * modelScale))
        {
            return ServiceError.Invalid("outputScale", string.Create(CultureInfo.InvariantCulture,
                $"Must be between {MinOutputScale} and {2 * modelScale} (twice the model's scale ×{modelScale})."));
        }

        var image = Decode(upload, options.Value.MaxSuperResolvePixels);
        if (image.Error is not null)
            return image.Error;
        var decoded = image.Value!;
        var alphaDropped = decoded.HasAlpha && format == ImageFormat.Jpeg;
        var work = Work(decoded, scale, keepAlpha: decoded.HasAlpha && !alphaDropped);

        var generated = await engine.RunAsync(model.Value, work, cancellationToken);
        if (generated.Error is not null)
            return generated.Error;
        var (pixels, _, shape) = generated.Value!;
        var encoded = ImageCodec.Encode(pixels, shape.Channels, shape.Height, shape.Width, format);
        return new SuperResolvedImage(new GeneratedImage(encoded, format.ContentType), modelScale, scale, alphaDropped);
    }

    /// <summary>The size is read from the header first, so an oversized image costs no decoding.</summary>
    private static ServiceResult<RgbaImage> Decode(byte[] upload, long maxPixels)
    {
        try
        {
            var (width, height) = ImageCodec.ReadSize(upload);
            if ((long)width * height > maxPixels)
            {
                return ServiceError.TooLarge(string.Create(CultureInfo.InvariantCulture,
                    $"The image is {width}x{height} = {(long)width * height} pixels: super-resolution takes at most {maxPixels} pixels (Inference:MaxSuperResolvePixels)."));
            }
            return ImageCodec.DecodeRgba(upload, maxPixels);
        }
        catch (InvalidImageException exception)
        {
            return ServiceError.Invalid("image", exception.Message);
        }
    }

    /// <summary>Gray images stay one channel; the alpha plane travels apart from the colour.</summary>
    private static SuperResolveWork Work(RgbaImage image, double scale, bool keepAlpha)
    {
        var pixelCount = image.Width * image.Height;
        var channels = image.IsGrayscale ? 1 : 3;
        var planar = new byte[channels * pixelCount];
        var alpha = keepAlpha ? new byte[pixelCount] : null;
        for (var i = 0; i < pixelCount; i++)
        {
            for (var c = 0; c < channels; c++)
                planar[(c * pixelCount) + i] = image.Rgba[(4 * i) + c];
            if (alpha is not null)
                alpha[i] = image.Rgba[(4 * i) + 3];
        }
        var outputHeight = Math.Max(1, (int)Math.Round(image.Height * scale, MidpointRounding.AwayFromZero));
        var outputWidth = Math.Max(1, (int)Math.Round(image.Width * scale, MidpointRounding.AwayFromZero));
        return new SuperResolveWork(planar, channels, image.Height, image.Width, alpha, outputHeight, outputWidth);
    }
}
