using GenService.Api.Datasets;
using GenService.Api.Entities;
using GenService.Api.Evaluation;
using GenService.Api.Infrastructure;
using GenService.Api.Jobs;
using GenService.ML.Families;
using GenService.ML.Runtime;
using GenService.ML.Training;
using Hangfire;
using Microsoft.Extensions.Options;

namespace GenService.Api.Training;

/// <summary>
/// The Hangfire job that trains one run. It receives only the run id and reads everything else from
/// the database, so a job re-fetched after a crash resumes from the newest checkpoint.
/// </summary>
/// <remarks>
/// No automatic retries: a run that fails (bad data, a diverging model) fails the same way again, and
/// resuming after a crash or shutdown is handled by the lease (<see cref="RecordLeases"/>) and <see cref="JobRecovery"/>,
/// not by Hangfire's retry (which would wait minutes and count shutdowns as failures).
/// </remarks>
public sealed class TrainingJob(
    TrainingRunRecorder recorder,
    ModelFamilyCatalog families,
    DatasetLoader datasets,
    IOptions<StorageOptions> storage,
    IOptions<TrainingOptions> options,
    IOptions<EvaluationOptions> evaluation,
    IServiceScopeFactory scopes,
    RecordLeases leases,
    ILogger<TrainingJob> logger)
{
    public const string Queue = "training";

    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [Queue(Queue)]
    public void Run(Guid runId, CancellationToken jobCancellation)
    {
        var terms = new LeaseTerms<TrainingRun>("Training run", r => r.Status == TrainingRunStatus.Queued || r.Status == TrainingRunStatus.Running)
        {
            RenewWhile = r => !r.CancelRequested,
            Every = options.Value.PollInterval,
        };
        var lease = leases.TakeAsync(runId, terms, jobCancellation).GetAwaiter().GetResult();
        if (lease is null)
        {
            logger.LogInformation("Training run {RunId} has already ended or does not exist; nothing to do", runId);
            return;
        }
        try
        {
            Train(runId, lease.Owner, lease.Token);
        }
        catch (OperationCanceledException) when (lease.Token.IsCancellationRequested)
        {
            if (recorder.IsCancelRequestedAsync(runId, CancellationToken.None).GetAwaiter().GetResult())
            {
                recorder.CancelAsync(runId, lease.Owner, StoredBytes(runId, modelId: null), CancellationToken.None).GetAwaiter().GetResult();
                return;
            }
            // Shutting down (or the lease was lost): left Running, and the lease given up, for the next worker to resume.
            throw;
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Training run {RunId} failed", runId);
            recorder.FailAsync(runId, lease.Owner, $"{exception.GetType().Name}: {exception.Message}", StoredBytes(runId, modelId: null), CancellationToken.None).GetAwaiter().GetResult();
            throw;
        }
        finally
        {
            lease.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private void Train(Guid runId, string owner, CancellationToken cancellationToken)
    {
        var checkpoints = new CheckpointStore(storage.Value.Resolve(StorageLayout.RunCheckpoints(runId)));
        var resumeFrom = checkpoints.Latest()?.Step;
        var run = recorder.StartAsync(runId, owner, resumeFrom, cancellationToken).GetAwaiter().GetResult();
        var model = run.Model!;
        var family = families.Find(run.Architecture)
            ?? throw new InvalidOperationException($"Architecture '{run.Architecture}' is not available in this service.");
        var dataset = model.Dataset ?? throw new InvalidOperationException("The run's dataset has been deleted.");
        if (resumeFrom is not null)
            logger.LogInformation("Training run {RunId} resumes from step {Step}", runId, resumeFrom);

        using (var data = TrainingData.Load(datasets, dataset, options.Value.ValidationFraction, run.Seed))
        {
            var hyperparameters = Hyperparameters.FromStored(family.Hyperparameters, model.Hyperparameters);
            using var trainer = family.CreateTrainer(data.Setup(hyperparameters, TrainingDevice.Select(options.Value).ToTorch(), run.Seed));
            var schedule = new TrainingSchedule(
                run.TotalSteps, options.Value.ReportEvery, options.Value.EvaluateEvery, options.Value.CheckpointEvery,
                options.Value.SnapshotEvery, options.Value.SnapshotImages, options.Value.MaxRollbacks);
            var snapshots = new SnapshotStore(storage.Value.Resolve(StorageLayout.RunSnapshots(runId)));
            var observer = new RunObserver(recorder, snapshots, runId, owner, () => StoredBytes(runId, modelId: null), logger);
            var metrics = TrainingLoop.Run(trainer, schedule, checkpoints, observer, cancellationToken);

            var modelLocation = StorageLayout.ModelFile(model.Id);
            var modelPath = storage.Value.Resolve(modelLocation);
            Directory.CreateDirectory(Path.GetDirectoryName(modelPath)!);
            CheckpointStore.WriteAtomically(modelPath, trainer.ExportModel);
            recorder.SucceedAsync(runId, owner, modelLocation, metrics, StoredBytes(runId, model.Id), CancellationToken.None).GetAwaiter().GetResult();
        }
        logger.LogInformation("Training run {RunId} succeeded", runId);
        if (evaluation.Value.AfterTraining)
            RequestEvaluation(model.Id, run.TotalSteps);
    }

    /// <summary>Queues the evaluation of the final model as its own job; the run has succeeded whatever becomes of it.</summary>
    private void RequestEvaluation(Guid modelId, long step)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var result = scope.ServiceProvider.GetRequiredService<EvaluationService>()
                .RequestAsync(modelId, new EvaluationRequest(step), EvaluationTrigger.Training, CancellationToken.None).GetAwaiter().GetResult();
            if (result.Error is { } error)
                logger.LogInformation("Model {ModelId} is not evaluated: {Reason}", modelId, error.Detail);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not queue the evaluation of model {ModelId}", modelId);
        }
    }

    /// <summary>Bytes of the run's folder (a few checkpoints, their exported models and the snapshots: a cheap walk, done at each
    /// checkpoint and at the end), and of its model's folder once the model is exported.</summary>
    private long StoredBytes(Guid runId, Guid? modelId) =>
        StorageLayout.FolderBytes(storage.Value.Resolve(StorageLayout.Run(runId)))
        + (modelId is { } id ? StorageLayout.FolderBytes(storage.Value.Resolve(StorageLayout.Model(id))) : 0);

    private sealed class RunObserver(
        TrainingRunRecorder recorder, SnapshotStore snapshots, Guid runId, string owner, Func<long> storedBytes, ILogger logger) : ITrainingObserver
    {
        public void OnProgress(long step, long totalSteps, IReadOnlyDictionary<string, double> losses) =>
            recorder.RecordAsync(runId, owner, step, "train", losses, CancellationToken.None).GetAwaiter().GetResult();

        public void OnEvaluation(long step, IReadOnlyDictionary<string, double> metrics) =>
            recorder.RecordAsync(runId, owner, step, "validation", metrics, CancellationToken.None).GetAwaiter().GetResult();

        public void OnCheckpoint(long step, string path) =>
            recorder.RecordCheckpointAsync(runId, owner, step, storedBytes(), CancellationToken.None).GetAwaiter().GetResult();

        public void OnSnapshot(long step, TorchSharp.torch.Tensor images) => snapshots.Write(step, images);

        public void OnRollback(long failedAt, long resumedFrom, string cause) =>
            logger.LogWarning("Training run {RunId}: step {Step} failed ({Cause}); going on from step {ResumedFrom}", runId, failedAt, cause, resumedFrom);
    }
}
