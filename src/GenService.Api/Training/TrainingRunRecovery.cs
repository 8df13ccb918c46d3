using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.Api.Jobs;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace GenService.Api.Training;

/// <summary>
/// Training runs for <see cref="JobRecovery"/>. A run keeps its status when it gets a new job: the job resumes
/// it from its last checkpoint once the dead worker's lease lapses, and the lease lets only one job train it.
/// </summary>
public sealed class TrainingRunRecovery(GenServiceDbContext db, IBackgroundJobClient jobs) : IRecoverableJobs
{
    public string Kind => "Training run";

    public async Task<IReadOnlyList<UnfinishedWork>> FindUnfinishedAsync(CancellationToken cancellationToken) =>
        await db.TrainingRuns
            .Where(r => r.Status == TrainingRunStatus.Queued || r.Status == TrainingRunStatus.Running)
            .Select(r => new UnfinishedWork(r.Id, r.JobId))
            .ToListAsync(cancellationToken);

    public async Task RequeueAsync(Guid id, CancellationToken cancellationToken)
    {
        var jobId = TrainingRunService.Enqueue(jobs, id);
        await db.TrainingRuns.Where(r => r.Id == id).ExecuteUpdateAsync(set => set.SetProperty(r => r.JobId, jobId), cancellationToken);
    }
}
