using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.ML.Families;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GenService.Api.Evaluation;

/// <summary>Requests, lists and reads the evaluations of a model; the work happens in <see cref="EvaluationJob"/>.</summary>
public sealed class EvaluationService(
    GenServiceDbContext db,
    ModelCheckpoints checkpoints,
    ModelFamilyCatalog families,
    IBackgroundJobClient jobs,
    IOptions<EvaluationOptions> options,
    IOptions<StorageOptions> storage,
    TimeProvider clock)
{
    /// <summary>Queues the evaluation of one of the model's checkpoints (default the newest).</summary>
    public async Task<ServiceResult<EvaluationResponse>> RequestAsync(Guid modelId, EvaluationRequest request, EvaluationTrigger trigger, CancellationToken cancellationToken)
    {
        var sampleCount = request.SampleCount ?? options.Value.SampleCount;
        if (sampleCount is < EvaluationOptions.MinimumSampleCount or > EvaluationOptions.MaximumSampleCount)
            return ServiceError.Invalid("sampleCount", $"Must be between {EvaluationOptions.MinimumSampleCount} and {EvaluationOptions.MaximumSampleCount}.");

        var model = await db.Models.AsNoTracking().Include(m => m.Dataset).FirstOrDefaultAsync(m => m.Id == modelId, cancellationToken);
        if (model is null)
            return ServiceError.NotFound($"Model {modelId} does not exist.");
        var kind = EvaluationKinds.For(families, model.Architecture);
        if (kind.Error is { } unsupported)
            return unsupported;
        if (model.Status == ModelStatus.Training)
            return ServiceError.Conflict("The model is still training; it is evaluated automatically when its run succeeds.");
        if (model.Dataset is not { } dataset)
            return ServiceError.Conflict("The model's dataset has been deleted: an evaluation compares the model's output with its images.");
        var evaluated = EvaluationKinds.OnDataset(families.Find(model.Architecture)!, kind.Value, dataset.Kind);
        if (EvaluationKinds.RequireDatasetKind(evaluated, dataset.Kind) is { } unfit)
            return unfit;
        if (evaluated == EvaluationKind.TextToImage && dataset.Classes.Count < 2)
            return ServiceError.Invalid("model",
                "The model's captions dataset has no classes: the text-to-image evaluation scores drawings by the class of the image each caption describes, "
                + "so it needs a dataset with classes (the built-in Fashion-MNIST captions).");
        var run = await db.TrainingRuns.AsNoTracking().Where(r => r.ModelId == modelId).OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var exported = run is null ? [] : checkpoints.Find(model, run);
        if (exported.Count == 0)
            return ServiceError.Conflict($"The model is {model.Status} and its run left no exported model to evaluate.");
        var step = request.Step ?? exported[0].Step;
        var checkpoint = exported.FirstOrDefault(c => c.Step == step);
        if (checkpoint.Path is null)
            return ServiceError.Invalid("step", $"There is no exported model at step {step}. Steps: {string.Join(", ", exported.Select(c => c.Step).Order())}.");

        if (await db.Evaluations.AnyAsync(e => e.ModelId == modelId && e.Step == step
                && (e.Status == EvaluationStatus.Queued || e.Status == EvaluationStatus.Running), cancellationToken))
            return ServiceError.Conflict($"An evaluation of step {step} is already queued or running; GET /v1/models/{modelId}/evaluations lists it.");

        var evaluation = new ModelEvaluation
        {
            Id = Guid.NewGuid(),
            AccountId = model.AccountId,
            ModelId = modelId,
            Step = step,
            Status = EvaluationStatus.Queued,
            Trigger = trigger,
            RequestedSampleCount = sampleCount,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Evaluations.Add(evaluation);
        await db.SaveChangesAsync(cancellationToken);
        // Enqueued after the row exists, so the job always finds it.
        evaluation.JobId = Enqueue(jobs, evaluation.Id);
        await db.SaveChangesAsync(cancellationToken);
        return ToResponse(evaluation);
    }

    public static string Enqueue(IBackgroundJobClient jobs, Guid evaluationId) =>
        jobs.Create<EvaluationJob>(job => job.Run(evaluationId, CancellationToken.None), new EnqueuedState(EvaluationJob.Queue));

    /// <summary>The model's evaluations by step, oldest first; null when the model does not exist.</summary>
    public async Task<IReadOnlyList<EvaluationResponse>?> ListAsync(Guid modelId, CancellationToken cancellationToken)
    {
        if (!await db.Models.AnyAsync(m => m.Id == modelId, cancellationToken))
            return null;
        var evaluations = await db.Evaluations.AsNoTracking().Include(e => e.FeatureNetwork).Include(e => e.SegmentationNetwork)
            .Where(e => e.ModelId == modelId)
            .OrderBy(e => e.Step).ThenBy(e => e.CreatedAt)
            .ToListAsync(cancellationToken);
        return evaluations.Select(ToResponse).ToList();
    }

    public async Task<EvaluationResponse?> GetAsync(Guid modelId, Guid evaluationId, CancellationToken cancellationToken) =>
        await db.Evaluations.AsNoTracking().Include(e => e.FeatureNetwork).Include(e => e.SegmentationNetwork).FirstOrDefaultAsync(e => e.Id == evaluationId && e.ModelId == modelId, cancellationToken) is { } evaluation
            ? ToResponse(evaluation)
            : null;

    /// <summary>The succeeded evaluations whose figures can be drawn together: on the feature network and
    /// with the sample count of the newest one (FID-style numbers of other counts or features do not compare).</summary>
    public async Task<IReadOnlyList<ModelEvaluation>?> ComparableAsync(Guid modelId, CancellationToken cancellationToken)
    {
        if (!await db.Models.AnyAsync(m => m.Id == modelId, cancellationToken))
            return null;
        var succeeded = (await db.Evaluations.AsNoTracking()
            .Where(e => e.ModelId == modelId && e.Status == EvaluationStatus.Succeeded)
            .OrderBy(e => e.CreatedAt)
            .ToListAsync(cancellationToken))
            .Where(e => EvaluationFigures.AreSampling(e.Figures))
            .ToList();
        if (succeeded.Count == 0)
            return [];
        var newest = succeeded[^1];
        var sampleCount = EvaluationFigures.SampleCountOf(newest.Figures);
        return succeeded
            .Where(e => e.FeatureNetworkId == newest.FeatureNetworkId && EvaluationFigures.SampleCountOf(e.Figures) == sampleCount)
            .GroupBy(e => e.Step)
            .Select(g => g.Last())
            .OrderBy(e => e.Step)
            .ToList();
    }

    /// <summary>The PNG of a succeeded super-resolution or translation evaluation's held-out examples side by side.</summary>
    public async Task<ServiceResult<byte[]>> ComparisonAsync(Guid modelId, Guid evaluationId, CancellationToken cancellationToken)
    {
        var evaluation = await db.Evaluations.AsNoTracking().FirstOrDefaultAsync(e => e.Id == evaluationId && e.ModelId == modelId, cancellationToken);
        if (evaluation is null)
            return ServiceError.NotFound($"Model {modelId} has no evaluation {evaluationId}.");
        var path = storage.Value.Resolve(StorageLayout.EvaluationComparison(modelId, evaluationId));
        if (ComparisonUrl(evaluation) is null || !File.Exists(path))
            return ServiceError.NotFound(
                $"Evaluation {evaluationId} is {evaluation.Status} and has no comparison image: only succeeded evaluations of super-resolution, translation, label-map and text-to-image models have one.");
        return await File.ReadAllBytesAsync(path, cancellationToken);
    }

    public static string Url(Guid modelId, Guid evaluationId) => $"/v1/models/{modelId}/evaluations/{evaluationId}";

    private static string? ComparisonUrl(ModelEvaluation e) =>
        e.Status == EvaluationStatus.Succeeded && EvaluationFigures.HaveComparison(e.Figures) ? $"{Url(e.ModelId, e.Id)}/comparison.png" : null;

    private static EvaluationResponse ToResponse(ModelEvaluation e) =>
        new(
            e.Id,
            e.ModelId,
            e.Step,
            e.Status.ToString(),
            e.Trigger.ToString(),
            e.RequestedSampleCount,
            e.FeatureNetwork is { } featureNetwork ? FeatureNetworkService.Summarise(featureNetwork) : null,
            e.SegmentationNetwork is { } segmentationNetwork ? FeatureNetworkService.Summarise(segmentationNetwork) : null,
            EvaluationFigures.ToResults(e.Figures),
            EvaluationFigures.ToSuperResolution(e.Figures),
            EvaluationFigures.ToTranslation(e.Figures),
            EvaluationFigures.ToCycleTranslation(e.Figures),
            EvaluationFigures.ToLabelMapFidelity(e.Figures),
            EvaluationFigures.ToTextToImage(e.Figures),
            EvaluationFigures.ToTrajectoryForecasting(e.Figures),
            ComparisonUrl(e),
            e.Error,
            e.CreatedAt,
            e.StartedAt,
            e.FinishedAt);
}
