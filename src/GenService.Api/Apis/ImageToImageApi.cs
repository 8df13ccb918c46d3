using System.ComponentModel;
using System.Text.Json;
using GenService.Api.Inference;
using GenService.Api.Infrastructure;
using GenService.Api.Models;
using GenService.Api.OpenApi;
using GenService.ML.Imaging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GenService.Api.Apis;

/// <summary>The model routes that take an image and return one (translate), each reading its image with <see cref="ImageUpload"/>.</summary>
public static class ImageToImageApi
{
    /// <summary>How the input was made from what the client sent: the crop, resize and channel conversion, or the dataset item.</summary>
    public const string InputConversionHeader = "X-Input-Conversion";

    private const string CheckpointHelp = "the weights to use, \"final\" (default), \"latest\" or a checkpoint's step such as \"400\"";

    /// <param name="models">The /v1/models group.</param>
    public static RouteGroupBuilder MapImageToImageRoutes(this RouteGroupBuilder models)
    {
        models.MapPost("/{id:guid}/translate", Translate)
            .WithName("TranslateImage")
            .WithSummary("Translate an image with a pix2pix model (edges or grayscale to the image): an uploaded image, or an item of the model's training dataset.")
            .WithDescription("Send the image as multipart/form-data (field image) or as the body (Content-Type image/png, image/jpeg or image/webp), "
                + "with seed, format and checkpoint in the query; or send JSON naming a datasetIndex, whose input is made as in training. "
                + "An upload is centre-cropped to a square, resized to the model's size as dataset imports resize (Mitchell cubic, mipmaps when shrinking "
                + "more than twofold) and reduced to gray by BT.601 luma when the model reads one channel; the X-Input-Conversion header says what was done. "
                + "The seed chooses the model's dropout noise: the same input and seed always give the same bytes. "
                + "Models that do not translate answer 400 before anything is loaded; a file that is not a PNG, JPEG or WebP image answers 400 saying why; "
                + "an upload over Inference:MaxImageUploadBytes answers 413. The other answers are those of POST /v1/models/{id}/samples.")
            .WithMetadata(new ImageInputMetadata(typeof(TranslateRequest)))
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesImages()
            .DisableAntiforgery();
        return models;
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult, RetryAfterProblemHttpResult>> Translate(
        [Description("The model's id.")] Guid id,
        HttpRequest request,
        TranslationService translations,
        IOptions<InferenceOptions> inference,
        [Description("With an uploaded image: seed of the model's noise, default 0 (with JSON, give it in the body).")] long? seed,
        [Description("With an uploaded image: png (default), jpeg or webp (with JSON, give it in the body).")] string? format,
        [Description("With an uploaded image: " + CheckpointHelp + " (with JSON, give it in the body).")] string? checkpoint,
        CancellationToken cancellationToken)
    {
        ServiceResult<TranslatedImage> result;
        if (request.HasJsonContentType())
        {
            if (request.Query.Count > 0)
                return ProblemResults.Invalid(ServiceError.Invalid(request.Query.Keys.First(), "With a JSON body, give seed, format and checkpoint in the body, not the query."));
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
                id, TranslationSource.FromDataset(body.DatasetIndex), body.Seed, body.Format.ToImageFormat(), body.Checkpoint, cancellationToken);
        }
        else
        {
            if (!ImageFormat.TryParse(format ?? "png", out var imageFormat))
                return ProblemResults.Invalid(ServiceError.UnknownImageFormat());
            var upload = await ImageUpload.ReadAsync(request, inference.Value.MaxImageUploadBytes, cancellationToken);
            if (upload.Error is not null)
                return ModelsApi.ToImageResult(upload.Error);
            result = await translations.TranslateAsync(id, TranslationSource.FromUpload(upload.Value!), seed ?? 0, imageFormat, checkpoint, cancellationToken);
        }
        if (result.Value is { } translated)
            request.HttpContext.Response.Headers[InputConversionHeader] = translated.InputConversion;
        return ModelsApi.ToImageResult(result.Error ?? (ServiceResult<GeneratedImage>)result.Value!.Image);
    }
}
