using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;

namespace GenService.Api.Training;

/// <summary>
/// At start-up, gives every unfinished run a job again. With in-memory job storage a restart loses the
/// queue, so the database is the record of what must still run; with PostgreSQL storage the job may
/// still exist and is requeued rather than duplicated. A second job for a run is harmless: the lease
/// lets only one train.
/// </summary>
public sealed class TrainingRunRecovery(GenServiceDbContext db, IBackgroundJobClient jobs, JobStorage storage, TimeProvider clock, ILogger<TrainingRunRecovery> logger)
{
    public async Task ResumeInterruptedRunsAsync(CancellationToken cancellationToken)
    {
        var unfinished = await db.TrainingRuns
            .Where(r => r.Status == TrainingRunStatus.Queued || r.Status == TrainingRunStatus.Running)
            .ToListAsync(cancellationToken);
        if (unfinished.Count == 0)
            return;

        var now = clock.GetUtcNow().UtcDateTime;
        using var connection = storage.GetConnection();
        foreach (var run in unfinished)
        {
            var state = run.JobId is null ? null : connection.GetStateData(run.JobId)?.Name;
            if (state == EnqueuedState.StateName || state == ScheduledState.StateName || state == AwaitingState.StateName)
                continue;
            if (state == ProcessingState.StateName)
            {
                // A live lease means a worker elsewhere is training it. Otherwise its worker died with the
                // old process: requeue now rather than wait for the storage's invisibility timeout.
                if (run.LeaseExpiresAt is { } lease && lease > now)
                    continue;
                jobs.Requeue(run.JobId!);
            }
            else
            {
                run.JobId = TrainingRunService.Enqueue(jobs, run.Id);
            }
            logger.LogInformation("Training run {RunId} ({Status}) was interrupted; it will resume from its last checkpoint", run.Id, run.Status);
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
