using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.Api.Jobs;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace GenService.Api.Generations;

/// <summary>Generations for <see cref="JobRecovery"/>. An interrupted generation carries on from the images
/// it has stored, once the dead worker's lease has lapsed.</summary>
public sealed class GenerationRecovery(GenServiceDbContext db, IBackgroundJobClient jobs) : IRecoverableJobs
{
    public string Kind => "Generation";

    public async Task<IReadOnlyList<UnfinishedWork>> FindUnfinishedAsync(CancellationToken cancellationToken) =>
        await db.Generations
            .Where(g => g.Status == GenerationStatus.Queued || g.Status == GenerationStatus.Running)
            .Select(g => new UnfinishedWork(g.Id, g.JobId))
            .ToListAsync(cancellationToken);

    public async Task RequeueAsync(Guid id, CancellationToken cancellationToken)
    {
        var jobId = GenerationService.Enqueue(jobs, id);
        await db.Generations.Where(g => g.Id == id).ExecuteUpdateAsync(set => set.SetProperty(g => g.JobId, jobId), cancellationToken);
    }
}
