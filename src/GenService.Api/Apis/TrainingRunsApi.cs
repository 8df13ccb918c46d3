using System.ComponentModel;
using GenService.Api.Auth;
using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.Api.Nodes;
using GenService.Api.Plots;
using GenService.Api.Training;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GenService.Api.Apis;

public static class TrainingRunsApi
{
    private const int MaxListLimit = 500;

    public static IEndpointRouteBuilder MapTrainingRunsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/training-runs").WithTags("Training runs").RequireNodeRole(NodeRole.Api)
            .RequireScopes(reads: ApiScope.Read, changes: ApiScope.Train);
        api.MapPost("/", StartRun)
            .WithName("StartTrainingRun")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Queue a training run: a new model version of one architecture trained on one dataset.")
            .WithDescription("Answers 202 with the run, its Location to poll and the id of the model version it creates. "
                + "A 400 names every bad field, hyperparameters as hyperparameters.NAME; a 404 says the dataset does not exist; "
                + "a 413 that the account's files already take all of its storedBytes quota (a run that goes over it while training finishes); "
                + "a 429 that the account has as many runs queued or running as its concurrentTrainingRuns quota allows.");
        api.MapGet("/", ListRuns)
            .WithName("ListTrainingRuns")
            .WithSummary("Training runs, newest first.")
            .WithDescription("Filter by status and set how many in the query. Answers 400 for a limit out of range.");
        api.MapGet("/{id:guid}", GetRun)
            .WithName("GetTrainingRun")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Status, live progress and the latest losses of a run.")
            .WithDescription("Poll it: step, progress and the latest losses move as it trains, until its status is Succeeded, Failed or Canceled.");
        api.MapGet("/{id:guid}/metrics", GetMetrics)
            .WithName("GetTrainingRunMetrics")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Losses over time (train) and held-out metrics (validation) of a run.")
            .WithDescription("Choose train or validation values in the query (split); both by default. Answers 404 for an unknown run.");
        api.MapGet("/{id:guid}/snapshots", ListSnapshots)
            .WithName("ListTrainingSnapshots")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The sample grids the run saved as it trained, from the same fixed seeds each time, oldest first.")
            .WithDescription("Each with the step it was drawn at and a link to its PNG. Answers 404 for an unknown run.");
        api.MapGet("/{id:guid}/snapshots/{step:long}", GetSnapshot)
            .WithName("GetTrainingSnapshot")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesImage("image/png")
            .WithSummary("One snapshot grid as a PNG.")
            .WithDescription("Answers 404 for an unknown run or a step without a snapshot.");
        api.MapGet("/{id:guid}/plots/losses.png", PlotLosses)
            .WithName("PlotTrainingLosses")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesImage("image/png")
            .WithSummary("The run's loss curves as a PNG: one panel per loss or metric, training values (averaged per report) and held-out values against the step.")
            .WithDescription("Set the picture's width and height in pixels in the query. Answers 404 for an unknown run.");
        api.MapPost("/{id:guid}/cancel", CancelRun)
            .WithName("CancelTrainingRun")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Stop a queued or running run; a running one stops within seconds after a final checkpoint.")
            .WithDescription("Answers 202 with the run; 409 when it has already finished.");
        return app;
    }

    public static async Task<Results<Accepted<TrainingRunResponse>, ValidationProblem, ProblemHttpResult, RetryAfterProblemHttpResult>> StartRun(
        StartTrainingRunRequest request, TrainingRunService runs, CancellationToken cancellationToken)
    {
        var result = await runs.StartAsync(request, cancellationToken);
        return result.Error switch
        {
            null => TypedResults.Accepted($"/v1/training-runs/{result.Value!.Id}", result.Value),
            { Kind: ServiceErrorKind.NotFound } error => ProblemResults.NotFound(error),
            { Kind: ServiceErrorKind.Overloaded } error => ProblemResults.TooManyRequests(error),
            { Kind: ServiceErrorKind.TooLarge } error => ProblemResults.TooLarge(error),
            var error => ProblemResults.Invalid(error),
        };
    }

    public static async Task<Results<Ok<IReadOnlyList<TrainingRunResponse>>, ValidationProblem>> ListRuns(
        TrainingRunService runs,
        [Description("Only runs in this status.")] TrainingRunStatus? status,
        [Description("At most this many runs (1 to 500, default 100).")] int? limit,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxListLimit)
            return ProblemResults.Invalid(ServiceError.Invalid("limit", $"Must be between 1 and {MaxListLimit}."));
        return TypedResults.Ok(await runs.ListAsync(status, limit ?? 100, cancellationToken));
    }

    public static async Task<Results<Ok<TrainingRunResponse>, ProblemHttpResult>> GetRun(
        [Description("The training run's id.")] Guid id, TrainingRunService runs, CancellationToken cancellationToken) =>
        await runs.GetAsync(id, cancellationToken) is { } run
            ? TypedResults.Ok(run)
            : ProblemResults.NotFound(ServiceError.NotFound($"Training run {id} does not exist."));

    public static async Task<Results<Ok<IReadOnlyList<TrainingRunMetricResponse>>, ProblemHttpResult, ValidationProblem>> GetMetrics(
        [Description("The training run's id.")] Guid id,
        TrainingRunService runs,
        [Description("Only these metrics; both when unset.")] MetricSplit? split,
        CancellationToken cancellationToken)
    {
        var name = split switch
        {
            MetricSplit.Train => LossPlot.TrainSplit,
            MetricSplit.Validation => LossPlot.ValidationSplit,
            _ => null,
        };
        return await runs.MetricsAsync(id, name, cancellationToken) is { } metrics
            ? TypedResults.Ok(metrics)
            : ProblemResults.NotFound(ServiceError.NotFound($"Training run {id} does not exist."));
    }

    public static async Task<Results<Ok<IReadOnlyList<TrainingSnapshotResponse>>, ProblemHttpResult>> ListSnapshots(
        [Description("The training run's id.")] Guid id, TrainingRunService runs, CancellationToken cancellationToken) =>
        await runs.SnapshotsAsync(id, cancellationToken) is { } snapshots
            ? TypedResults.Ok(snapshots)
            : ProblemResults.NotFound(ServiceError.NotFound($"Training run {id} does not exist."));

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetSnapshot(
        [Description("The training run's id.")] Guid id,
        [Description("Training step of the snapshot, as GET /v1/training-runs/{id}/snapshots lists it.")] long step, TrainingRunService runs, CancellationToken cancellationToken)
    {
        var result = await runs.SnapshotAsync(id, step, cancellationToken);
        return result.Error is { } error ? ProblemResults.NotFound(error) : TypedResults.File(result.Value!, "image/png");
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> PlotLosses(
        [Description("The training run's id.")] Guid id,
        TrainingRunService runs,
        PlotRenderer plots,
        [Description("Width in pixels, 200 to 4000 (default 1200).")] int? width,
        [Description("Height in pixels, 200 to 4000 (default 320 per row of panels).")] int? height,
        CancellationToken cancellationToken)
    {
        if (PlotSize.Check(width, height) is { } reason)
            return ProblemResults.Invalid(ServiceError.Invalid("size", reason));
        return await runs.MetricsAsync(id, split: null, cancellationToken) is { } metrics
            ? TypedResults.File(plots.Losses(metrics, width, height), "image/png")
            : ProblemResults.NotFound(ServiceError.NotFound($"Training run {id} does not exist."));
    }

    public static async Task<Results<Accepted<TrainingRunResponse>, ProblemHttpResult>> CancelRun(
        [Description("The training run's id.")] Guid id, TrainingRunService runs, CancellationToken cancellationToken)
    {
        var result = await runs.CancelAsync(id, cancellationToken);
        return result.Error switch
        {
            null => TypedResults.Accepted($"/v1/training-runs/{id}", result.Value),
            { Kind: ServiceErrorKind.NotFound } error => ProblemResults.NotFound(error),
            var error => ProblemResults.Conflict(error),
        };
    }
}
