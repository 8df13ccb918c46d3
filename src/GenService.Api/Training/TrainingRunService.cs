using GenService.ML.Datasets.Captions;
using System.Text.Json;
using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.Api.Quotas;
using GenService.ML.Datasets;
using GenService.ML.Datasets.Trajectories;
using GenService.ML.Families;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GenService.Api.Training;

/// <summary>Starts, lists and cancels training runs; the work itself happens in <see cref="TrainingJob"/>.</summary>
public sealed class TrainingRunService(
    GenServiceDbContext db,
    ModelFamilyCatalog families,
    IBackgroundJobClient jobs,
    IOptions<StorageOptions> storage,
    QuotaService quotas,
    TimeProvider clock)
{
    private const int MaxNameLength = 200;

    public async Task<ServiceResult<TrainingRunResponse>> StartAsync(StartTrainingRunRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var known = string.Join(", ", families.All.Select(f => f.Architecture));
        var family = string.IsNullOrWhiteSpace(request.Architecture) ? null : families.Find(request.Architecture);
        if (family is null)
            errors.Add("architecture", string.IsNullOrWhiteSpace(request.Architecture) ? $"Required. Known: {known}." : $"Unknown architecture '{request.Architecture}'. Known: {known}.");
        if (request.DatasetId is null)
            errors.Add("datasetId", "Required.");
        if (request.ModelName is { } requestedName && (string.IsNullOrWhiteSpace(requestedName) || requestedName.Length > MaxNameLength))
            errors.Add("modelName", $"Must be 1 to {MaxNameLength} characters.");
        Hyperparameters? hyperparameters = null;
        if (family is not null)
        {
            hyperparameters = Hyperparameters.Validate(family.Hyperparameters, request.Hyperparameters, out var hyperparameterErrors);
            foreach (var (field, messages) in hyperparameterErrors)
            {
                foreach (var message in messages)
                    errors.Add($"hyperparameters.{field}", message);
            }
        }
        if (errors.ToError() is { } invalid)
            return invalid;

        var dataset = await db.Datasets.FindAsync([request.DatasetId!.Value], cancellationToken);
        if (dataset is null)
            return ServiceError.NotFound($"Dataset {request.DatasetId} does not exist.");
        if (CapabilityCheck.RequireDatasetKind(family!, dataset.Kind) is { } wrongKind)
            return wrongKind;
        if (InapplicableHyperparameters(family!, dataset, request.Hyperparameters) is { } inapplicable)
            return inapplicable;
        // Pairs are checked by their target side B, the images the model learns to make. For photos at their own
        // sizes the row holds their smallest height and width: the largest crop all of them give.
        var shape = new ImageShape(dataset.ChannelsB ?? dataset.Channels, dataset.ImageHeight, dataset.ImageWidth);
        if (family!.CheckDataset(shape) is { } reason)
            return ServiceError.Invalid("datasetId", reason);
        if (dataset.Kind == DatasetKind.Photos && PhotoSplitProblem(dataset) is { } noSplit)
            return ServiceError.Invalid("datasetId", noSplit);
        if (dataset.Kind == DatasetKind.Captions && CaptionSplitProblem(dataset) is { } nothingToTrain)
            return ServiceError.Invalid("datasetId", nothingToTrain);
        if (dataset.Kind != DatasetKind.Photos && dataset.ItemCount < 2)
        {
            return ServiceError.Invalid("datasetId",
                $"Dataset '{dataset.Name}' holds {dataset.ItemCount} item: a run holds a share of it out to evaluate on (Training:ValidationFraction), so it needs 2 at least.");
        }
        hyperparameters = hyperparameters!.For(dataset.Kind, family.Hyperparameters);
        if (family.CheckClasses(dataset.Classes, hyperparameters) is { } badLabels)
            return ServiceError.Invalid("hyperparameters", badLabels);
        if (dataset.Kind == DatasetKind.Trajectories && SceneProblem(family, dataset, hyperparameters) is { } badScenes)
            return ServiceError.Invalid("hyperparameters", badScenes);

        var outputShape = family.OutputShape(shape);
        var now = clock.GetUtcNow().UtcDateTime;
        var name = request.ModelName?.Trim() ?? $"{family.Architecture}-{dataset.Name}";
        // The dataset's account, which is the caller's unless an admin trains on an account's dataset for it.
        var accountId = dataset.AccountId;
        if (await quotas.CheckConcurrentTrainingRunsAsync(accountId, cancellationToken) is { } overQuota)
            return overQuota;
        // A run's size is known only as it writes checkpoints: one is refused when the account is already full, and a run
        // that goes over while training finishes (stopping it mid-way would waste what it has learnt).
        if (await quotas.CheckStoredBytesAsync(accountId, adding: null, cancellationToken) is { } full)
            return full;
        var version = 1 + (await db.Models.Where(m => m.AccountId == accountId && m.Name == name).MaxAsync(m => (int?)m.Version, cancellationToken) ?? 0);
        var model = new GenerativeModel
        {
            Id = Guid.NewGuid(),
            AccountId = accountId,
            Name = name,
            Version = version,
            Architecture = family.Architecture,
            DatasetId = dataset.Id,
            Hyperparameters = new Dictionary<string, double>(hyperparameters.Values),
            Status = ModelStatus.Training,
            Channels = outputShape.Channels,
            ImageHeight = outputShape.Height,
            ImageWidth = outputShape.Width,
            // Stored pairs are translated from their A side, whatever the family would derive; label maps from their painting.
            InputChannels = dataset.Kind switch
            {
                DatasetKind.Pairs => dataset.Channels,
                DatasetKind.Labelmaps when family is ITranslationInputs { TranslatesPaintedLabelMaps: true } => PaintedMapPairs.InputChannels,
                _ => null,
            },
            CreatedAt = now,
            UpdatedAt = now,
        };
        var run = new TrainingRun
        {
            Id = Guid.NewGuid(),
            AccountId = accountId,
            ModelId = model.Id,
            DatasetId = dataset.Id,
            Architecture = family.Architecture,
            Status = TrainingRunStatus.Queued,
            Seed = request.Seed ?? Random.Shared.NextInt64(0, 1L << 53),
            TotalSteps = hyperparameters.GetInt("steps"),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Models.Add(model);
        db.TrainingRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);

        // Enqueued after the rows exist, so the job always finds its run.
        run.JobId = Enqueue(jobs, run.Id);
        await db.SaveChangesAsync(cancellationToken);
        run.Model = model;
        return ToResponse(run, latestLosses: null, latestValidation: null);
    }

    /// <returns>Null when every hyperparameter the request gives means something for this kind of dataset
    /// (<see cref="HyperparameterSpec.AppliesTo"/>); otherwise which do not, and why.</returns>
    private static ServiceError? InapplicableHyperparameters(IModelFamily family, Dataset dataset, Dictionary<string, JsonElement>? supplied)
    {
        var errors = new FieldErrors();
        foreach (var spec in family.Hyperparameters.Where(spec => !spec.AppliesTo(dataset.Kind) && supplied?.ContainsKey(spec.Name) == true))
        {
            var kinds = string.Join(" and ", spec.DatasetKinds!.Order().Select(CapabilityCheck.Name));
            errors.Add($"hyperparameters.{spec.Name}",
                $"Applies to {kinds} datasets only; dataset '{dataset.Name}' is a {CapabilityCheck.Name(dataset.Kind)} dataset. Leave it out.");
        }
        return errors.ToError();
    }

    /// <returns>Null when the stored photos (read from their manifest) include some to train on and some held out; otherwise why not.</returns>
    private string? PhotoSplitProblem(Dataset dataset)
    {
        try
        {
            var photos = PhotoFile.ReadManifest(storage.Value.Resolve(dataset.StorageLocation)).Photos;
            return photos.Any(photo => photo.HeldOut) && photos.Any(photo => !photo.HeldOut) ? null : TrainingData.MissingPhotoSplit(dataset.Name);
        }
        catch (InvalidDataException exception)
        {
            return $"The stored photos of dataset '{dataset.Name}' cannot be read: {exception.Message}";
        }
    }

    /// <summary>Why a captions dataset's stored held-out flags leave nothing to train on (every image flagged), or null;
    /// without flags a run splits it by seed, which always leaves some.</summary>
    private string? CaptionSplitProblem(Dataset dataset)
    {
        try
        {
            var manifest = CaptionFile.ReadManifest(storage.Value.Resolve(dataset.StorageLocation));
            return manifest.HeldOutCount > 0 && manifest.HeldOutCount >= manifest.Count
                ? $"Every one of the {manifest.Count} images of captions dataset '{dataset.Name}' is held out (its 'held-out/' folder), "
                  + "so a run has none to train on; upload the training images at the top level or in 'train/'."
                : null;
        }
        catch (InvalidDataException exception)
        {
            return $"The stored captions of dataset '{dataset.Name}' cannot be read: {exception.Message}";
        }
    }

    private string? SceneProblem(IModelFamily family, Dataset dataset, Hyperparameters hyperparameters)
    {
        try
        {
            return family.CheckScenes(TrajectoryFile.ReadManifest(storage.Value.Resolve(dataset.StorageLocation)).Scenes, hyperparameters);
        }
        catch (InvalidDataException exception)
        {
            return $"The stored scenes of dataset '{dataset.Name}' cannot be read: {exception.Message}";
        }
    }

    public static string Enqueue(IBackgroundJobClient jobs, Guid runId) =>
        jobs.Create<TrainingJob>(job => job.Run(runId, CancellationToken.None), new EnqueuedState(TrainingJob.Queue));

    public async Task<IReadOnlyList<TrainingRunResponse>> ListAsync(TrainingRunStatus? status, int limit, CancellationToken cancellationToken)
    {
        var query = db.TrainingRuns.AsNoTracking().Include(r => r.Model).AsQueryable();
        if (status is { } wanted)
            query = query.Where(r => r.Status == wanted);
        var runs = await query.OrderByDescending(r => r.CreatedAt).Take(limit).ToListAsync(cancellationToken);
        return runs.Select(r => ToResponse(r, null, null)).ToList();
    }

    public async Task<TrainingRunResponse?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var run = await db.TrainingRuns.AsNoTracking().Include(r => r.Model).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null)
            return null;
        var latestLosses = await LatestMetricAsync(id, "train", cancellationToken);
        var latestValidation = await LatestMetricAsync(id, "validation", cancellationToken);
        return ToResponse(run, latestLosses, latestValidation);
    }

    public async Task<IReadOnlyList<TrainingRunMetricResponse>?> MetricsAsync(Guid id, string? split, CancellationToken cancellationToken)
    {
        if (!await db.TrainingRuns.AnyAsync(r => r.Id == id, cancellationToken))
            return null;
        var query = db.TrainingRunMetrics.AsNoTracking().Where(m => m.TrainingRunId == id);
        if (split is not null)
            query = query.Where(m => m.Split == split);
        var metrics = await query.OrderBy(m => m.Step).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        return metrics.Select(m => new TrainingRunMetricResponse(m.Step, m.Split, m.Values, m.RecordedAt)).ToList();
    }

    /// <returns>The run's snapshot steps with their image links, oldest first; null when the run does not exist.</returns>
    public async Task<IReadOnlyList<TrainingSnapshotResponse>?> SnapshotsAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await db.TrainingRuns.AnyAsync(r => r.Id == id, cancellationToken))
            return null;
        return Snapshots(id).Steps().Select(step => new TrainingSnapshotResponse(step, SnapshotUrl(id, step))).ToList();
    }

    /// <returns>The PNG grid of that step, or NotFound.</returns>
    public async Task<ServiceResult<byte[]>> SnapshotAsync(Guid id, long step, CancellationToken cancellationToken)
    {
        if (!await db.TrainingRuns.AnyAsync(r => r.Id == id, cancellationToken))
            return ServiceError.NotFound($"Training run {id} does not exist.");
        return Snapshots(id).Read(step) is { } png
            ? png
            : ServiceError.NotFound($"Training run {id} has no snapshot at step {step}; GET /v1/training-runs/{id}/snapshots lists them.");
    }

    /// <summary>Asks the run to stop. A queued run is canceled at once; a running one stops at its next
    /// step boundary, within a poll interval, after writing a checkpoint.</summary>
    public async Task<ServiceResult<TrainingRunResponse>> CancelAsync(Guid id, CancellationToken cancellationToken)
    {
        var run = await db.TrainingRuns.Include(r => r.Model).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null)
            return ServiceError.NotFound($"Training run {id} does not exist.");
        if (run.Status is TrainingRunStatus.Succeeded or TrainingRunStatus.Failed or TrainingRunStatus.Canceled)
            return ServiceError.Conflict($"The run has already ended ({run.Status}).");

        var now = clock.GetUtcNow().UtcDateTime;
        run.CancelRequested = true;
        run.UpdatedAt = now;
        if (run.Status == TrainingRunStatus.Queued)
        {
            // Nothing is running yet: end it here; a job that starts later sees the final state and returns.
            run.Status = TrainingRunStatus.Canceled;
            run.FinishedAt = now;
            run.Model!.Status = ModelStatus.Canceled;
            run.Model.UpdatedAt = now;
            if (run.JobId is not null)
                jobs.Delete(run.JobId);
        }
        await db.SaveChangesAsync(cancellationToken);
        return ToResponse(run, null, null);
    }

    private SnapshotStore Snapshots(Guid runId) => new(storage.Value.Resolve(StorageLayout.RunSnapshots(runId)));

    private static string SnapshotUrl(Guid runId, long step) => $"/v1/training-runs/{runId}/snapshots/{step}";

    private Dictionary<string, JsonElement> DescribeHyperparameters(TrainingRun run) =>
        Hyperparameters.Describe(families.Find(run.Architecture)?.Hyperparameters ?? [], run.Model?.Hyperparameters ?? []);

    private async Task<IReadOnlyDictionary<string, double>?> LatestMetricAsync(Guid runId, string split, CancellationToken cancellationToken) =>
        (await db.TrainingRunMetrics.AsNoTracking()
            .Where(m => m.TrainingRunId == runId && m.Split == split)
            .OrderByDescending(m => m.Step).ThenByDescending(m => m.Id)
            .FirstOrDefaultAsync(cancellationToken))?.Values;

    private TrainingRunResponse ToResponse(
        TrainingRun run,
        IReadOnlyDictionary<string, double>? latestLosses,
        IReadOnlyDictionary<string, double>? latestValidation) =>
        new(
            run.Id,
            run.ModelId,
            run.DatasetId,
            run.Architecture,
            run.Status.ToString(),
            run.Step,
            run.TotalSteps,
            run.TotalSteps == 0 ? 0 : Math.Round((double)run.Step / run.TotalSteps, 4),
            run.Seed,
            DescribeHyperparameters(run),
            latestLosses,
            latestValidation,
            run.CancelRequested,
            run.Attempts,
            run.ResumedFromStep,
            run.LastCheckpointStep,
            run.Error,
            run.CreatedAt,
            run.StartedAt,
            run.FinishedAt,
            $"/v1/training-runs/{run.Id}/metrics",
            $"/v1/training-runs/{run.Id}/snapshots",
            $"/v1/models/{run.ModelId}");
}
