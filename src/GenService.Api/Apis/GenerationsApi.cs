using System.ComponentModel;
using GenService.Api.Auth;
using GenService.Api.Generations;
using GenService.Api.Infrastructure;
using GenService.Api.Nodes;
using GenService.Api.Quotas;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GenService.Api.Apis;

public static class GenerationsApi
{
    private const int MaxListLimit = 500;

    public static IEndpointRouteBuilder MapGenerationsApi(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/v1/models/{id:guid}/generations").WithTags("Generations").RequireNodeRole(NodeRole.Api)
            .RequireScopes(reads: ApiScope.Read, changes: ApiScope.Generate).LimitGenerationRate();
        models.MapPost("/", StartGeneration)
            .WithName("StartGeneration")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Generate many images in the background: answers 202 at once with the generation, whose Location to poll; "
                + "the images are stored, and an optional webhook is called when they are done.")
            .WithDescription("The whole request is checked, and the weights it names are found, before it is accepted: "
                + "a 400 names every bad field, a 409 says the model has no such weights (not Ready, no checkpoint yet, or failed), "
                + "a 413 says count is over the account's quota imagesPerGeneration (GET /v1/account). "
                + "Samples by default; with operation translate, a pix2pix model translates count items of its training dataset from firstDatasetIndex on, "
                + "image i being what POST /v1/models/{id}/translate returns for that item and seed + i; with operation label-map-to-image, a SPADE model "
                + "renders the label maps of count items of its training dataset from firstDatasetIndex on, image i being what POST "
                + "/v1/models/{id}/label-map-to-image returns for that map (GET /v1/models/{id}/label-maps/{index}) and seed + i; a combination the model cannot do answers 400. "
                + "No webhook is called for a generation without webhookUrl.");
        models.MapGet("/", ListGenerations)
            .WithName("ListGenerations")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The model's generations, newest first.")
            .WithDescription("Set how many in the query (limit). Answers 404 for an unknown model.");

        var generations = app.MapGroup("/v1/generations").WithTags("Generations").RequireNodeRole(NodeRole.Api)
            .RequireScopes(reads: ApiScope.Read, changes: ApiScope.Generate);
        generations.MapGet("/{id:guid}", GetGeneration)
            .WithName("GetGeneration")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Status, progress and image links of a generation.")
            .WithDescription("Poll it until its status is Succeeded or Failed; imageUrls grows as images are stored.");
        generations.MapGet("/{id:guid}/images/{index:int}", GetGenerationImage)
            .WithName("GetGenerationImage")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesImage("image/png", "image/jpeg", "image/webp")
            .WithSummary("One stored image of a generation: image i is the image of seed + i.")
            .WithDescription("The image in the generation's format. Answers 404 until the image is stored.");
        return app;
    }

    public static async Task<Results<Accepted<GenerationResponse>, ValidationProblem, ProblemHttpResult>> StartGeneration(
        [Description("The model's id.")] Guid id, GenerationRequest request, GenerationService generations, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await generations.CreateAsync(id, request, context.User.AccountId(), context.TraceIdentifier, cancellationToken);
        return result.Error switch
        {
            null => TypedResults.Accepted(result.Value!.Url, result.Value),
            { Kind: ServiceErrorKind.NotFound } error => ProblemResults.NotFound(error),
            { Kind: ServiceErrorKind.Conflict } error => ProblemResults.Conflict(error),
            { Kind: ServiceErrorKind.TooLarge } error => ProblemResults.TooLarge(error),
            var error => ProblemResults.Invalid(error),
        };
    }

    public static async Task<Results<Ok<IReadOnlyList<GenerationResponse>>, ValidationProblem, ProblemHttpResult>> ListGenerations(
        [Description("The model's id.")] Guid id,
        GenerationService generations,
        [Description("At most this many generations (1 to 500, default 100).")] int? limit,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxListLimit)
            return ProblemResults.Invalid(ServiceError.Invalid("limit", $"Must be between 1 and {MaxListLimit}."));
        return await generations.ListAsync(id, limit ?? 100, cancellationToken) is { } list
            ? TypedResults.Ok(list)
            : ProblemResults.NotFound(ServiceError.NotFound($"Model {id} does not exist."));
    }

    public static async Task<Results<Ok<GenerationResponse>, ProblemHttpResult>> GetGeneration(
        [Description("The generation's id.")] Guid id, GenerationService generations, CancellationToken cancellationToken) =>
        await generations.GetAsync(id, cancellationToken) is { } generation
            ? TypedResults.Ok(generation)
            : ProblemResults.NotFound(ServiceError.NotFound($"Generation {id} does not exist."));

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetGenerationImage(
        [Description("The generation's id.")] Guid id,
        [Description("Image index, 0 to count − 1: image i is the image of seed + i.")] int index,
        GenerationService generations,
        CancellationToken cancellationToken)
    {
        var result = await generations.ImageAsync(id, index, cancellationToken);
        return result.Error is { } error ? ProblemResults.NotFound(error) : TypedResults.File(result.Value!.Bytes, result.Value.ContentType);
    }
}
