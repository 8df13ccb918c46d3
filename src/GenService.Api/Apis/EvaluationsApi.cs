using System.ComponentModel;
using GenService.Api.Auth;
using GenService.Api.Entities;
using GenService.Api.Evaluation;
using GenService.Api.Infrastructure;
using GenService.Api.Nodes;
using GenService.Api.Plots;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace GenService.Api.Apis;

/// <summary>
/// How good a model is, and whether it copied its training set. The Fréchet distance here is "FID-style":
/// FID's formula on the features of a small network trained on the dataset itself, because Inception-v3's
/// weights cannot be had; its values are not comparable with published FIDs.
/// </summary>
public static class EvaluationsApi
{
    private const int DefaultNeighbours = 8;

    public static IEndpointRouteBuilder MapEvaluationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/models/{id:guid}").WithTags("Evaluation").RequireNodeRole(NodeRole.Api)
            .RequireScopes(reads: ApiScope.Read, changes: ApiScope.Train);
        api.MapPost("/evaluations", RequestEvaluation)
            .WithName("RequestEvaluation")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Queue the evaluation of a checkpoint (default: the final model). Samplers: FID-style Fréchet distance, KID and precision/recall "
                + "on the dataset's own feature network (not Inception-v3: not comparable with published FIDs), each next to a floor "
                + "(held-out real images) and a ceiling (the untrained model), plus a memorisation figure. Super-resolution models: held-out "
                + "PSNR/SSIM (luma, border of the scale removed) of the model and of bicubic upscaling. Translators: held-out L1/PSNR/SSIM and "
                + "Fréchet distance of the outputs against the targets, next to the inputs' own. Two-way translators (CycleGAN): the share of held-out "
                + "translations each way that the dataset's classifier assigns to the target domain, next to the untranslated images' share (the identity "
                + "mapping), and the cycle-reconstruction PSNR of each domain. Trains the dataset's feature "
                + "network first if the evaluation needs one and it has none. Models are also evaluated automatically when their training run succeeds.")
            .WithDescription("The body is optional: by default the newest checkpoint is evaluated on Evaluation:SampleCount images (crops, pairs). "
                + "Answers 202 with the evaluation and its Location to poll; 400 for a model that cannot be evaluated or whose dataset its evaluation cannot read; "
                + "409 while the model trains, when its dataset was deleted, when its run left nothing to evaluate or when an evaluation of that step is already queued or running.");
        api.MapGet("/evaluations", ListEvaluations)
            .WithName("ListEvaluations")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A model's evaluations by checkpoint step, oldest first.")
            .WithDescription("Each evaluation with its status and, once it succeeded, its figures. Answers 404 for an unknown model.");
        api.MapGet("/evaluations/{evaluationId:guid}", GetEvaluation)
            .WithName("GetEvaluation")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One evaluation: its status and, once it succeeded, its figures.")
            .WithDescription("Poll it until its status is Succeeded (the results are filled in) or Failed (the error says why).");
        api.MapGet("/evaluations/{evaluationId:guid}/comparison.png", EvaluationComparison)
            .WithName("EvaluationComparison")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesImage("image/png")
            .WithSummary("A super-resolution or translation evaluation's held-out examples side by side as a PNG, one row each: "
                + "input (nearest-upscaled) | bicubic | model | ground truth for super-resolution, input | output | target for translation, "
                + "a | G_AB(a) | G_BA(G_AB(a)) then b | G_BA(b) | G_AB(G_BA(b)) for cycle translation.")
            .WithDescription("Written when the evaluation runs; the evaluation's comparisonUrl links it. Answers 404 for an unknown model or evaluation, "
                + "and for an evaluation that has not succeeded or has no comparison (sampler evaluations).");
        api.MapGet("/evaluations/plot.png", PlotEvaluations)
            .WithName("PlotEvaluations")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesImage("image/png")
            .WithSummary("The model's evaluation figures over checkpoint steps as a PNG, each with its floor and ceiling. Only evaluations "
                + "on the newest one's feature network and sample count are drawn, since only those compare.")
            .WithDescription("Set the picture's width and height in pixels in the query. Answers 404 for an unknown model.");
        api.MapGet("/memorisation", CheckMemorisation)
            .WithName("CheckMemorisation")
            .RequireNodeRole(NodeRole.Inference)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Did the model copy its training set? The k training images nearest to the image of a seed, in the dataset "
                + "feature network's space and in pixel space, with distances and a link to the picture.")
            .WithDescription("Generates the seed's image with the model's final weights, so like the generation routes it answers 429 when too many requests wait for the device and 503 when one cannot be served in time. "
                + "Answers 409 when the model is not Ready, its dataset was deleted, or the dataset has no Ready feature network yet (one is then trained).");
        api.MapGet("/memorisation/grid.png", MemorisationGrid)
            .WithName("MemorisationGrid")
            .RequireNodeRole(NodeRole.Inference)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesImage("image/png")
            .WithSummary("The memorisation check as a PNG: the seed's image then its nearest training images in features (first row) and in pixels (second row).")
            .WithDescription("The same check as GET /v1/models/{id}/memorisation, with the same answers, as one picture.");
        return app;
    }

    public static async Task<Results<Accepted<EvaluationResponse>, ValidationProblem, ProblemHttpResult>> RequestEvaluation(
        [Description("The model's id.")] Guid id,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] EvaluationRequest? request,
        EvaluationService evaluations,
        CancellationToken cancellationToken)
    {
        var result = await evaluations.RequestAsync(id, request ?? new EvaluationRequest(), EvaluationTrigger.Request, cancellationToken);
        return result.Error switch
        {
            null => TypedResults.Accepted(EvaluationService.Url(id, result.Value!.Id), result.Value),
            { Kind: ServiceErrorKind.NotFound } error => ProblemResults.NotFound(error),
            { Kind: ServiceErrorKind.Conflict } error => ProblemResults.Conflict(error),
            var error => ProblemResults.Invalid(error),
        };
    }

    public static async Task<Results<Ok<IReadOnlyList<EvaluationResponse>>, ProblemHttpResult>> ListEvaluations(
        [Description("The model's id.")] Guid id, EvaluationService evaluations, CancellationToken cancellationToken) =>
        await evaluations.ListAsync(id, cancellationToken) is { } list
            ? TypedResults.Ok(list)
            : ProblemResults.NotFound(ServiceError.NotFound($"Model {id} does not exist."));

    public static async Task<Results<Ok<EvaluationResponse>, ProblemHttpResult>> GetEvaluation(
        [Description("The model's id.")] Guid id, [Description("The evaluation's id.")] Guid evaluationId, EvaluationService evaluations, CancellationToken cancellationToken) =>
        await evaluations.GetAsync(id, evaluationId, cancellationToken) is { } evaluation
            ? TypedResults.Ok(evaluation)
            : ProblemResults.NotFound(ServiceError.NotFound($"Model {id} has no evaluation {evaluationId}."));

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> EvaluationComparison(
        [Description("The model's id.")] Guid id, [Description("The evaluation's id.")] Guid evaluationId, EvaluationService evaluations, CancellationToken cancellationToken)
    {
        var result = await evaluations.ComparisonAsync(id, evaluationId, cancellationToken);
        return result.Error is { } error ? ProblemResults.NotFound(error) : TypedResults.File(result.Value!, "image/png");
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> PlotEvaluations(
        [Description("The model's id.")] Guid id,
        EvaluationService evaluations,
        PlotRenderer plots,
        [Description("Width in pixels, 200 to 4000 (default 1200).")] int? width,
        [Description("Height in pixels, 200 to 4000 (default 320 per row of panels).")] int? height,
        CancellationToken cancellationToken)
    {
        if (PlotSize.Check(width, height) is { } reason)
            return ProblemResults.Invalid(ServiceError.Invalid("size", reason));
        return await evaluations.ComparableAsync(id, cancellationToken) is { } comparable
            ? TypedResults.File(plots.Evaluations(comparable, width, height), "image/png")
            : ProblemResults.NotFound(ServiceError.NotFound($"Model {id} does not exist."));
    }

    public static async Task<Results<Ok<MemorisationResponse>, ValidationProblem, ProblemHttpResult, RetryAfterProblemHttpResult>> CheckMemorisation(
        [Description("The model's id.")] Guid id,
        MemorisationService memorisation,
        [Description("Seed of the generated image (default 0), as POST /v1/models/{id}/samples uses it.")] long? seed,
        [Description("Neighbours in each space, 1 to 32 (default 8).")] int? k,
        CancellationToken cancellationToken)
    {
        var result = await memorisation.CheckAsync(id, seed ?? 0, k ?? DefaultNeighbours, cancellationToken);
        return result.Error switch
        {
            null => TypedResults.Ok(result.Value!.Response),
            { Kind: ServiceErrorKind.NotFound } error => ProblemResults.NotFound(error),
            { Kind: ServiceErrorKind.Conflict } error => ProblemResults.Conflict(error),
            { Kind: ServiceErrorKind.Overloaded } error => ProblemResults.TooManyRequests(error),
            { Kind: ServiceErrorKind.Unavailable } error => ProblemResults.Unavailable(error),
            var error => ProblemResults.Invalid(error),
        };
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult, RetryAfterProblemHttpResult>> MemorisationGrid(
        [Description("The model's id.")] Guid id,
        MemorisationService memorisation,
        [Description("Seed of the generated image (default 0).")] long? seed,
        [Description("Neighbours in each space, 1 to 32 (default 8).")] int? k,
        CancellationToken cancellationToken)
    {
        var result = await memorisation.CheckAsync(id, seed ?? 0, k ?? DefaultNeighbours, cancellationToken);
        return result.Error switch
        {
            null => TypedResults.File(result.Value!.GridPng, "image/png"),
            { Kind: ServiceErrorKind.NotFound } error => ProblemResults.NotFound(error),
            { Kind: ServiceErrorKind.Conflict } error => ProblemResults.Conflict(error),
            { Kind: ServiceErrorKind.Overloaded } error => ProblemResults.TooManyRequests(error),
            { Kind: ServiceErrorKind.Unavailable } error => ProblemResults.Unavailable(error),
            var error => ProblemResults.Invalid(error),
        };
    }
}
