using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.Api.Jobs;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace GenService.Api.Evaluation;

/// <summary>
/// Evaluations for <see cref="JobRecovery"/>. An interrupted evaluation starts over: it keeps nothing until it
/// is done. This includes one that was waiting, still Queued, for a feature network to be trained.
/// </summary>
public sealed class EvaluationRecovery(GenServiceDbContext db, IBackgroundJobClient jobs) : IRecoverableJobs
{
    public string Kind => "Evaluation";

    public async Task<IReadOnlyList<UnfinishedWork>> FindUnfinishedAsync(CancellationToken cancellationToken) =>
        await db.Evaluations
            .Where(e => e.Status == EvaluationStatus.Queued || e.Status == EvaluationStatus.Running)
            .Select(e => new UnfinishedWork(e.Id, e.JobId))
            .ToListAsync(cancellationToken);

    public async Task RequeueAsync(Guid id, CancellationToken cancellationToken)
    {
        var jobId = EvaluationService.Enqueue(jobs, id);
        await db.Evaluations.Where(e => e.Id == id).ExecuteUpdateAsync(set => set.SetProperty(e => e.JobId, jobId), cancellationToken);
    }
}
