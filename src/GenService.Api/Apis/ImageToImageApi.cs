using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using GenService.Api.Inference;
using GenService.Api.Infrastructure;
using GenService.Api.Models;
using GenService.Api.OpenApi;
using GenService.ML.Imaging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GenService.Api.Apis;

/// <summary>The model routes that take an image and return one (translate, super-resolve), each reading its image with <see cref="ImageUpload"/>.</summary>
public static class ImageToImageApi
{
    /// <summary>How the input was made from what the client sent: the crop, resize and channel conversion, or the dataset item.</summary>
    public const string InputConversionHeader = "X-Input-Conversion";

    /// <summary>The model's own factor, e.g. 4.</summary>
    public const string ModelScaleHeader = "X-Model-Scale";

    /// <summary>The factor the response was made at: the model's, or the outputScale asked for.</summary>
    public const string OutputScaleHeader = "X-Output-Scale";

    /// <summary>Present when the input's alpha channel could not be kept by the format asked for.</summary>
    public const string AlphaHeader = "X-Alpha";

    private const string CheckpointHelpCapitalised = "Weights to use: \"final\" (default), \"latest\" or a checkpoint's step such as \"400\".";

    private const string CheckpointHelp = "the weights to use, \"final\" (default), \"latest\" or a checkpoint's step such as \"400\"";

    /// <param name="models">The /v1/models group.</param>
    public static RouteGroupBuilder MapImageToImageRoutes(this RouteGroupBuilder models)
    {
        models.MapPost("/{id:guid}/translate", Translate)
            .WithName("TranslateImage")
            .WithSummary("Translate an image with a pix2pix model (edges or grayscale to the image) or a CycleGAN model (domain A to B or B to A, "
                + "or there and back): an uploaded image, or an item of the model's training dataset.")
            .WithDescription("Send the image as multipart/form-data (field image) or as the body (Content-Type image/png, image/jpeg or image/webp), "
                + "with seed, format, checkpoint, direction and roundTrip in the query; or send JSON naming a datasetIndex, whose input is made as in training. "
                + "An upload is centre-cropped to a square, resized to the model's size as dataset imports resize (Mitchell cubic, mipmaps when shrinking "
                + "more than twofold) and reduced to gray by BT.601 luma when the model reads one channel; the X-Input-Conversion header says what was done. "
                + "The seed chooses the model's dropout noise: the same input and seed always give the same bytes. "
                + "CycleGAN models translate a-to-b unless direction says b-to-a, and with roundTrip=true translate there and back (A → B → A), "
                + "which shows cycle consistency; they have no noise, so the seed changes nothing. A direction, or roundTrip=true, for a model "
                + "that translates one way only (pix2pix) answers 400 rather than being ignored. "
                + "Models that do not translate answer 400 before anything is loaded; a file that is not a PNG, JPEG or WebP image answers 400 saying why; "
                + "an upload over Inference:MaxImageUploadBytes answers 413. The other answers are those of POST /v1/models/{id}/samples.")
            .WithMetadata(new ImageInputMetadata(typeof(TranslateRequest)))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesImages()
            .DisableAntiforgery();
        models.MapPost("/{id:guid}/super-resolve", SuperResolve)
            .WithName("SuperResolveImage")
            .WithSummary("Upscale an image with a super-resolution model (SRResNet, SRGAN), at the model's scale or another.")
            .WithDescription("Send the image as multipart/form-data (field image) or as the body (Content-Type image/png, image/jpeg or image/webp), "
                + "with outputScale, format and checkpoint in the query. The whole image is upscaled in overlapping tiles, so memory stays bounded "
                + "and no seam shows; any PNG bit depth is read (16-bit as 8-bit). A gray image comes back gray; a colour image given to a gray model "
                + "is upscaled channel by channel, a gray image given to a colour model comes back as its luma. Alpha is upscaled on its own "
                + "(antialiased bicubic) and kept in PNG and WebP; JPEG drops it, and the X-Alpha header says so. With an outputScale other than the "
                + "model's, the model's output is resized (antialiased bicubic) to round(input size × outputScale); the X-Model-Scale and "
                + "X-Output-Scale headers state both. Models that do not super-resolve answer 400 before the image is decoded; a file that is not "
                + "a PNG, JPEG or WebP image answers 400 saying why; an upload over Inference:MaxImageUploadBytes, or an image of more pixels than "
                + "Inference:MaxSuperResolvePixels (read from its header), answers 413 stating the limit. The other answers are those of "
                + "POST /v1/models/{id}/samples.")
            .WithMetadata(new ImageInputMetadata(null))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesImages()
            .DisableAntiforgery();
        return models;
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult, RetryAfterProblemHttpResult>> SuperResolve(
        [Description("The model's id.")] Guid id,
        HttpRequest request,
        SuperResolutionService superResolution,
        IOptions<InferenceOptions> inference,
        [Description("Output size over input size, 0.25 to twice the model's scale; default the model's scale. Another scale resizes the model's output.")] double? outputScale,
        [Description("png (default), jpeg or webp. JPEG drops an alpha channel.")] ImageFormatName? format,
        [Description(CheckpointHelpCapitalised)] string? checkpoint,
        CancellationToken cancellationToken)
    {
        var upload = await ImageUpload.ReadAsync(request, inference.Value.MaxImageUploadBytes, cancellationToken);
        if (upload.Error is not null)
            return ModelsApi.ToImageResult(upload.Error);
        var result = await superResolution.SuperResolveAsync(
            id, upload.Value!, outputScale, (format ?? ImageFormatName.Png).ToImageFormat(), checkpoint, cancellationToken);
        if (result.Value is not { } upscaled)
            return ModelsApi.ToImageResult(result.Error!);
        var headers = request.HttpContext.Response.Headers;
        headers[ModelScaleHeader] = upscaled.ModelScale.ToString(CultureInfo.InvariantCulture);
        headers[OutputScaleHeader] = upscaled.OutputScale.ToString(CultureInfo.InvariantCulture);
        if (upscaled.AlphaDropped)
            headers[AlphaHeader] = "dropped: JPEG has no alpha channel (ask for png or webp to keep it)";
        return ModelsApi.ToImageResult(upscaled.Image);
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult, RetryAfterProblemHttpResult>> Translate(
        [Description("The model's id.")] Guid id,
        HttpRequest request,
        TranslationService translations,
        IOptions<InferenceOptions> inference,
        [Description("With an uploaded image: seed of the model's noise, default 0 (with JSON, give it in the body).")] long? seed,
        [Description("With an uploaded image: png (default), jpeg or webp (with JSON, give it in the body).")] ImageFormatName? format,
        [Description("With an uploaded image: " + CheckpointHelp + " (with JSON, give it in the body).")] string? checkpoint,
        [Description("With an uploaded image, CycleGAN models only: a-to-b (default) or b-to-a (with JSON, give it in the body).")] TranslationDirectionName? direction,
        [Description("With an uploaded image, CycleGAN models only: true to translate there and back, default false (with JSON, give it in the body).")] bool? roundTrip,
        CancellationToken cancellationToken)
    {
        ServiceResult<TranslatedImage> result;
        if (request.HasJsonContentType())
        {
            if (request.Query.Count > 0)
                return ProblemResults.Invalid(ServiceError.Invalid(request.Query.Keys.First(), "With a JSON body, give seed, format, checkpoint, direction and roundTrip in the body, not the query."));
            TranslateRequest? body;
            try
            {
                body = await request.ReadFromJsonAsync<TranslateRequest>(cancellationToken);
            }
            catch (JsonException exception)
            {
                return ProblemResults.Invalid(ServiceError.Invalid("body", $"The JSON body is not a translate request: {exception.Message}"));
            }
            body ??= new TranslateRequest();
            result = await translations.TranslateAsync(
                id, TranslationSource.FromDataset(body.DatasetIndex), body.Seed, new TranslationWay(body.Direction?.ToDirection(), body.RoundTrip),
                body.Format.ToImageFormat(), body.Checkpoint, cancellationToken);
        }
        else
        {
            var upload = await ImageUpload.ReadAsync(request, inference.Value.MaxImageUploadBytes, cancellationToken);
            if (upload.Error is not null)
                return ModelsApi.ToImageResult(upload.Error);
            result = await translations.TranslateAsync(id, TranslationSource.FromUpload(upload.Value!), seed ?? 0,
                new TranslationWay(direction?.ToDirection(), roundTrip ?? false), (format ?? ImageFormatName.Png).ToImageFormat(), checkpoint, cancellationToken);
        }
        if (result.Value is { } translated)
            request.HttpContext.Response.Headers[InputConversionHeader] = translated.InputConversion;
        return ModelsApi.ToImageResult(result.Error ?? (ServiceResult<GeneratedImage>)result.Value!.Image);
    }
}
