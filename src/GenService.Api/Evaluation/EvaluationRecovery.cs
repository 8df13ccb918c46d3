using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;

namespace GenService.Api.Evaluation;

/// <summary>
/// At start-up, gives every unfinished evaluation and feature network a job again when its job is gone
/// (in-memory job storage loses the queue on restart) or ended without finishing it. Work interrupted mid-way
/// starts over: an evaluation keeps nothing until it is done. A duplicate job is harmless, because each job
/// claims its row first.
/// </summary>
public sealed class EvaluationRecovery(GenServiceDbContext db, IBackgroundJobClient jobs, JobStorage storage, ILogger<EvaluationRecovery> logger)
{
    private static readonly string?[] LiveStates =
        [EnqueuedState.StateName, ScheduledState.StateName, AwaitingState.StateName, ProcessingState.StateName];

    public async Task RequeueInterruptedAsync(CancellationToken cancellationToken)
    {
        using var connection = storage.GetConnection();

        var trainings = await db.FeatureNetworks
            .Where(f => f.Status == FeatureNetworkStatus.Queued || f.Status == FeatureNetworkStatus.Training)
            .ToListAsync(cancellationToken);
        foreach (var featureNetwork in trainings.Where(f => !IsWaitingOrRunning(connection, f.JobId)))
        {
            featureNetwork.Status = FeatureNetworkStatus.Queued;
            featureNetwork.StartedAt = null;
            featureNetwork.JobId = jobs.Create<FeatureNetworkJob>(job => job.Train(featureNetwork.Id, CancellationToken.None), new EnqueuedState(EvaluationJob.Queue));
            logger.LogInformation("Feature network {FeatureNetworkId} was interrupted; it will be trained again", featureNetwork.Id);
        }

        var evaluations = await db.Evaluations
            .Where(e => e.Status == EvaluationStatus.Queued || e.Status == EvaluationStatus.Running)
            .ToListAsync(cancellationToken);
        foreach (var evaluation in evaluations.Where(e => !IsWaitingOrRunning(connection, e.JobId)))
        {
            evaluation.Status = EvaluationStatus.Queued;
            evaluation.StartedAt = null;
            evaluation.JobId = EvaluationService.Enqueue(jobs, evaluation.Id);
            logger.LogInformation("Evaluation {EvaluationId} was interrupted; it will run again", evaluation.Id);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Whether the job still exists and will run, or runs now (a live worker elsewhere, or one the
    /// storage will give back after its invisibility timeout).</summary>
    private static bool IsWaitingOrRunning(IStorageConnection connection, string? jobId) =>
        jobId is not null && LiveStates.Contains(connection.GetStateData(jobId)?.Name);

}
