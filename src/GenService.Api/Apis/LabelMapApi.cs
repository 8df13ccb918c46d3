using System.ComponentModel;
using GenService.Api.Inference;
using GenService.Api.Infrastructure;
using GenService.Api.Models;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GenService.Api.Apis;

/// <summary>The model routes of semantic image synthesis (SPADE): render a label map, and the classes and sample maps to paint one with.</summary>
public static class LabelMapApi
{
    /// <param name="models">The /v1/models group.</param>
    public static RouteGroupBuilder MapLabelMapRoutes(this RouteGroupBuilder models)
    {
        models.MapPost("/{id:guid}/label-map-to-image", RenderLabelMap)
            .WithName("RenderLabelMap")
            .WithSummary("Render a label map into an image with a SPADE model, in the style of a style image or in random styles drawn from seeds: one image, or a grid of several.")
            .WithDescription("Send multipart/form-data with the map in the field labelMap and, optionally, a style image in the field style; seed, count, format and "
                + "checkpoint go in the query. The map is a PNG: grayscale or palette, whose values are class indices (a palette PNG's indices, not its colours, "
                + "as dataset uploads read them), or colour, painted in the classes' colours (GET /v1/models/{id}/classes lists them; alpha is ignored). "
                + "A map of another size is centre-cropped to a square and resized to the model's size by nearest neighbour; the X-Input-Conversion header "
                + "says what was done. The style image is centre-cropped and resized like translate's uploads. Image i is drawn with seed + i: without a "
                + "style image the seed draws the style, with one it draws the spread around the style image's; the same inputs and seed always give the "
                + "same bytes. Count 1 returns the image, more a grid. Models that do not render label maps answer 400 before anything is decoded; a map "
                + "with indices or colours no class has answers 400 naming them and the classes' palette; 409 when the model's dataset, whose classes "
                + "the map is read with, was deleted; an upload over Inference:MaxImageUploadBytes answers 413; a body that is not multipart/form-data "
                + "answers 415. The other answers are those of POST /v1/models/{id}/samples.")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesImages()
            .DisableAntiforgery();
        models.MapGet("/{id:guid}/classes", GetClasses)
            .WithName("GetModelClasses")
            .WithSummary("The classes a SPADE model renders, from its training dataset: each index with its name and colour, the map size, and where to fetch the dataset's maps to start from.")
            .WithDescription("Answers 404 for an unknown model, 400 for a model that does not render label maps, 409 when its dataset was deleted.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        models.MapGet("/{id:guid}/label-maps/{index:long}", GetSampleLabelMap)
            .WithName("GetSampleLabelMap")
            .WithSummary("Map {index} of a SPADE model's training dataset at the model's size, as a palette PNG in the classes' colours: a map to edit and send back to label-map-to-image.")
            .WithDescription("Answers 400 for an index outside the dataset or a model that does not render label maps, 404 for an unknown model, 409 when its dataset was deleted.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesImage("image/png");
        return models;
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult, RetryAfterProblemHttpResult>> RenderLabelMap(
        [Description("The model's id.")] Guid id,
        [Description("The label map: a PNG of class indices (grayscale or palette) or painted in the classes' colours.")] IFormFile? labelMap,
        [Description("Optional: an image (PNG, JPEG or WebP) whose style to render the map in.")] IFormFile? style,
        HttpRequest request,
        LabelMapService labelMaps,
        IOptions<InferenceOptions> inference,
        [Description("Seed of the first image, default 0; image i has seed + i.")] long? seed,
        [Description("Images to render, 1 (default) to 16; more than one come back as a grid.")] int? count,
        [Description("png (default), jpeg or webp.")] ImageFormatName? format,
        [Description("Weights to use: \"final\" (default), \"latest\" or a checkpoint's step such as \"400\".")] string? checkpoint,
        CancellationToken cancellationToken)
    {
        var maxBytes = inference.Value.MaxImageUploadBytes;
        var map = await ReadAsync(labelMap, LabelMapInput.FieldName, maxBytes, cancellationToken);
        if (map.Error is not null)
            return ModelsApi.ToImageResult(map.Error);
        var styleImage = style is null ? new ServiceResult<byte[]>(null, null) : await ReadAsync(style, "style", maxBytes, cancellationToken);
        if (styleImage.Error is not null)
            return ModelsApi.ToImageResult(styleImage.Error);
        var result = await labelMaps.RenderAsync(
            id, new LabelMapRequest(map.Value!, styleImage.Value, seed ?? 0, count ?? 1, format ?? ImageFormatName.Png, checkpoint), cancellationToken);
        if (result.Value is { } rendered)
            request.HttpContext.Response.Headers[ImageToImageApi.InputConversionHeader] = rendered.InputConversion;
        return ModelsApi.ToImageResult(result.Error ?? (ServiceResult<GeneratedImage>)result.Value!.Image);
    }

    public static async Task<Results<Ok<ModelClassesResponse>, ValidationProblem, ProblemHttpResult>> GetClasses(
        [Description("The model's id.")] Guid id, LabelMapService labelMaps, CancellationToken cancellationToken) =>
        await labelMaps.ClassesAsync(id, cancellationToken) switch
        {
            { Value: { } classes } => TypedResults.Ok(classes),
            { Error.Kind: ServiceErrorKind.NotFound } result => ProblemResults.NotFound(result.Error),
            { Error.Kind: ServiceErrorKind.Conflict } result => ProblemResults.Conflict(result.Error),
            var result => ProblemResults.Invalid(result.Error!),
        };

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult, RetryAfterProblemHttpResult>> GetSampleLabelMap(
        [Description("The model's id.")] Guid id,
        [Description("The map's position in the model's training dataset, 0 to sampleCount − 1 of GET /v1/models/{id}/classes.")] long index,
        LabelMapService labelMaps,
        CancellationToken cancellationToken) =>
        ModelsApi.ToImageResult(await labelMaps.SampleLabelMapAsync(id, index, cancellationToken));

    private static async Task<ServiceResult<byte[]>> ReadAsync(IFormFile? file, string field, long maxBytes, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
            return ServiceError.Invalid(field, $"Upload the file in the multipart form field \"{field}\".");
        if (file.Length > maxBytes)
            return ServiceError.TooLarge($"The {field} file is {file.Length} bytes: uploads are limited to {maxBytes} bytes (Inference:MaxImageUploadBytes).");
        using var buffer = new MemoryStream();
        await using var stream = file.OpenReadStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
