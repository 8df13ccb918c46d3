using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.Api.Jobs;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace GenService.Api.Evaluation;

/// <summary>Feature and segmentation networks for <see cref="JobRecovery"/>. An interrupted training starts over; evaluations
/// waiting for it wait on.</summary>
public sealed class FeatureNetworkRecovery(GenServiceDbContext db, IBackgroundJobClient jobs) : IRecoverableJobs
{
    public string Kind => "Feature network";

    public async Task<IReadOnlyList<UnfinishedWork>> FindUnfinishedAsync(CancellationToken cancellationToken) =>
        await db.FeatureNetworks
            .Where(f => f.Status == FeatureNetworkStatus.Queued || f.Status == FeatureNetworkStatus.Training)
            .Select(f => new UnfinishedWork(f.Id, f.JobId))
            .ToListAsync(cancellationToken);

    public async Task RequeueAsync(Guid id, CancellationToken cancellationToken)
    {
        var jobId = FeatureNetworkService.Enqueue(jobs, id);
        await db.FeatureNetworks.Where(f => f.Id == id).ExecuteUpdateAsync(set => set.SetProperty(f => f.JobId, jobId), cancellationToken);
    }
}
