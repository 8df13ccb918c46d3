using System.ComponentModel;
using GenService.Api.Auth;
using GenService.Api.Infrastructure;
using GenService.Api.Models;
using GenService.Api.Nodes;
using GenService.Api.Quotas;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GenService.Api.Apis;

public static class ModelsApi
{
    private const int MaxListLimit = 500;

    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/models").WithTags("Models").RequireNodeRole(NodeRole.Api)
            .RequireScopes(reads: ApiScope.Read, changes: ApiScope.Generate).LimitGenerationRate();
        api.MapGet("/", ListModels)
            .WithName("ListModels")
            .WithSummary("Trained and training models, newest first.")
            .WithDescription("Each model version with its status, architecture, image shape and hyperparameters; set how many in the query (limit).");
        api.MapGet("/{id:guid}", GetModel)
            .WithName("GetModel")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A model's architecture, status, hyperparameters and held-out metrics.")
            .WithDescription("Answers 404 when there is no model with this id.");
        api.MapDelete("/{id:guid}", DeleteModel)
            .RequireScope(ApiScope.Train)
            .WithName("DeleteModel")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Delete a model that is not training or generating, with its runs, checkpoints, weights and generations' images.")
            .WithDescription("Answers 204 once deleted; 409 while the model trains or has generations queued or running.");
        api.MapGet("/{id:guid}/checkpoints", ListCheckpoints)
            .WithName("ListModelCheckpoints")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Checkpoints a generation can name (\"checkpoint\": \"STEP\" or \"latest\"), newest first: a model can be sampled while it trains. None for a Failed model.")
            .WithDescription("Answers 404 for an unknown model.");
        api.MapPost("/{id:guid}/samples", Sample)
            .WithName("SampleModel")
            .WithSummary("Draw images from the model, from its final weights or a checkpoint: one image, or a grid of several. For many images, POST /v1/models/{id}/generations.")
            .WithDescription("The same body always gives the same bytes. A 400 names every bad field; "
                + "409 means the model has no such weights (not Ready, no checkpoint yet, or failed); "
                + "429 means too many requests wait for the device (Retry-After says when to try again); "
                + "503 means the request could not be served in time.")
            .ProducesImages();
        api.MapPost("/{id:guid}/interpolate", Interpolate)
            .WithName("InterpolateModel")
            .WithSummary("Walk the latent space (z, or StyleGAN's w) between two seeds: a row (or grid) of frames, or a GIF animation.")
            .WithDescription("The frames are equally spaced along the path from fromSeed's latent to toSeed's. Space w needs a StyleGAN model; "
                + "other models answer 400. The other answers are those of POST /v1/models/{id}/samples.")
            .ProducesImages(animated: true);
        api.MapPost("/{id:guid}/style-mixing", MixStyles)
            .WithName("MixStyles")
            .WithSummary("StyleGAN: a grid of row seeds' images with some styles (coarse, middle, fine or a range) taken from column seeds.")
            .WithDescription("Only StyleGAN models have styles: other models answer 400. The other answers are those of POST /v1/models/{id}/samples.")
            .ProducesImages();
        api.MapPost("/{id:guid}/noise-variation", VaryNoise)
            .WithName("VaryNoise")
            .WithSummary("StyleGAN: one image under different per-layer noise, with a map of where the noise acts; a grid or a GIF animation.")
            .WithDescription("Only StyleGAN models have per-layer noise: other models answer 400. The other answers are those of POST /v1/models/{id}/samples.")
            .ProducesImages(animated: true);
        api.MapPost("/{id:guid}/reconstruct", Reconstruct)
            .WithName("ReconstructImage")
            .WithSummary("Encode an uploaded image and decode it again (VAE). The image is centre-cropped and resized to the model's size.")
            .WithDescription("Send multipart/form-data with the image in the field image; choose the format and the checkpoint in the query. "
                + "Only models that encode (VAE) reconstruct: others answer 400. The other answers are those of POST /v1/models/{id}/samples.")
            .ProducesImages()
            .DisableAntiforgery();
        api.MapPost("/{id:guid}/trajectories", ForecastTrajectories)
            .WithName("ForecastTrajectories")
            .WithSummary("Social GAN: k futures of every person of a scene from their observed positions, as numbers (JSON) or a plot (format png).")
            .WithDescription("Give each person's observed positions [x, y] in metres, 0.4 s apart, oldest first (the model reads its obs_len last ones, 8 by default), "
                + "and optionally what happened next, drawn in black in the plot. The same people, samples and seed always give the same numbers. "
                + "A 400 names the field at fault (too few or too many people or positions, a position that is not two finite numbers); "
                + "a model of another family answers 400 before anything is computed. The other answers are those of POST /v1/models/{id}/samples.")
            .RequireNodeRole(NodeRole.Inference)
            .RequireAdmission()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .Produces<TrajectoryForecastResponse>(StatusCodes.Status200OK, "application/json", "image/png");
        api.MapImageToImageRoutes();
        api.MapLabelMapRoutes();
        api.MapTextToImageRoutes();
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<ModelResponse>>, ValidationProblem>> ListModels(
        ModelService models,
        [Description("At most this many models (1 to 500, default 100).")] int? limit,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxListLimit)
            return ProblemResults.Invalid(ServiceError.Invalid("limit", $"Must be between 1 and {MaxListLimit}."));
        return TypedResults.Ok(await models.ListAsync(limit ?? 100, cancellationToken));
    }

    public static async Task<Results<Ok<ModelResponse>, ProblemHttpResult>> GetModel(
        [Description("The model's id.")] Guid id,
        ModelService models,
        CancellationToken cancellationToken) =>
        await models.GetAsync(id, cancellationToken) is { } model
            ? TypedResults.Ok(model)
            : ProblemResults.NotFound(ServiceError.NotFound($"Model {id} does not exist."));

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteModel(
        [Description("The model's id.")] Guid id,
        ModelService models,
        CancellationToken cancellationToken) =>
        await models.DeleteAsync(id, cancellationToken) switch
        {
            null => TypedResults.NoContent(),
            { Kind: ServiceErrorKind.NotFound } error => ProblemResults.NotFound(error),
            var error => ProblemResults.Conflict(error),
        };

    public static async Task<Results<Ok<IReadOnlyList<ModelCheckpointResponse>>, ProblemHttpResult>> ListCheckpoints(
        [Description("The model's id.")] Guid id, ServableModels servable, CancellationToken cancellationToken) =>
        await servable.ListCheckpointsAsync(id, cancellationToken) is { } checkpoints
            ? TypedResults.Ok(checkpoints)
            : ProblemResults.NotFound(ServiceError.NotFound($"Model {id} does not exist."));

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult, RetryAfterProblemHttpResult>> Sample(
        [Description("The model's id.")] Guid id, SampleRequest request, ModelService models, CancellationToken cancellationToken) =>
        ToImageResult(await models.SampleAsync(id, request, cancellationToken));

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult, RetryAfterProblemHttpResult>> Interpolate(
        [Description("The model's id.")] Guid id, InterpolateRequest request, ModelService models, CancellationToken cancellationToken) =>
        ToImageResult(await models.InterpolateAsync(id, request, cancellationToken));

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult, RetryAfterProblemHttpResult>> MixStyles(
        [Description("The model's id.")] Guid id, StyleMixingRequest request, ModelService models, CancellationToken cancellationToken) =>
        ToImageResult(await models.MixStylesAsync(id, request, cancellationToken));

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult, RetryAfterProblemHttpResult>> VaryNoise(
        [Description("The model's id.")] Guid id, NoiseVariationRequest request, ModelService models, CancellationToken cancellationToken) =>
        ToImageResult(await models.VaryNoiseAsync(id, request, cancellationToken));

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult, RetryAfterProblemHttpResult>> Reconstruct(
        [Description("The model's id.")] Guid id,
        [Description("A PNG, JPEG or WebP image.")] IFormFile? image,
        ModelService models,
        [Description("png (default), jpeg or webp.")] ImageFormatName? format,
        [Description("Weights to use: \"final\" (default), \"latest\" or a checkpoint's step such as \"400\".")] string? checkpoint,
        CancellationToken cancellationToken)
    {
        if (image is null || image.Length == 0)
            return ProblemResults.Invalid(ServiceError.Invalid("image", "Upload an image in the multipart form field \"image\"."));
        await using var stream = image.OpenReadStream();
        return ToImageResult(await models.ReconstructAsync(id, stream, (format ?? ImageFormatName.Png).ToImageFormat(), checkpoint, cancellationToken));
    }

    public static async Task<Results<Ok<TrajectoryForecastResponse>, FileContentHttpResult, ValidationProblem, ProblemHttpResult, RetryAfterProblemHttpResult>> ForecastTrajectories(
        [Description("The model's id.")] Guid id, TrajectoryForecastRequest request, TrajectoryService trajectories, CancellationToken cancellationToken)
    {
        var result = await trajectories.ForecastAsync(id, request, cancellationToken);
        return result.Error switch
        {
            null when result.Value!.Png is { } png => TypedResults.File(png, "image/png"),
            null => TypedResults.Ok(result.Value!.Numbers!),
            { Kind: ServiceErrorKind.NotFound } error => ProblemResults.NotFound(error),
            { Kind: ServiceErrorKind.Conflict } error => ProblemResults.Conflict(error),
            { Kind: ServiceErrorKind.Overloaded } error => ProblemResults.TooManyRequests(error),
            { Kind: ServiceErrorKind.Unavailable } error => ProblemResults.Unavailable(error),
            var error => ProblemResults.Invalid(error),
        };
    }

    /// <summary>What every generation route can answer: the image, or why not (no such model, not ready, busy, too slow).
    /// Busy is mostly answered by the admission gate, before the handler runs.</summary>
    internal static RouteHandlerBuilder ProducesImages(this RouteHandlerBuilder route, bool animated = false) =>
        route
            .RequireNodeRole(NodeRole.Inference)
            .RequireAdmission()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesImage("image/png", animated ? ["image/jpeg", "image/webp", "image/gif"] : ["image/jpeg", "image/webp"]);

    internal static Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult, RetryAfterProblemHttpResult> ToImageResult(ServiceResult<GeneratedImage> result) =>
        result.Error switch
        {
            null => TypedResults.File(result.Value!.Bytes, result.Value.ContentType),
            { Kind: ServiceErrorKind.NotFound } error => ProblemResults.NotFound(error),
            { Kind: ServiceErrorKind.Conflict } error => ProblemResults.Conflict(error),
            { Kind: ServiceErrorKind.Overloaded } error => ProblemResults.TooManyRequests(error),
            { Kind: ServiceErrorKind.Unavailable } error => ProblemResults.Unavailable(error),
            { Kind: ServiceErrorKind.TooLarge } error => ProblemResults.TooLarge(error),
            var error => ProblemResults.Invalid(error),
        };
}
