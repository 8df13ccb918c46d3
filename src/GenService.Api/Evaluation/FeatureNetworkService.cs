using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.ML.Evaluation;
using GenService.ML.Families;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;

namespace GenService.Api.Evaluation;

/// <summary>Lists a dataset's feature networks and trains new versions on request; the work happens in <see cref="FeatureNetworkJob"/>.</summary>
public sealed class FeatureNetworkService(GenServiceDbContext db, FeatureNetworkStore store, IBackgroundJobClient jobs)
{
    /// <summary>Queues a new version, unless one is already queued or training.</summary>
    public async Task<ServiceResult<FeatureNetworkResponse>> RequestAsync(Guid datasetId, CancellationToken cancellationToken)
    {
        var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == datasetId, cancellationToken);
        if (dataset is null)
            return ServiceError.NotFound($"Dataset {datasetId} does not exist.");
        if (FeatureNetworkArchitecture.Check(new ImageShape(dataset.Channels, dataset.ImageHeight, dataset.ImageWidth)) is { } reason)
            return ServiceError.Conflict(reason);
        if (await store.FindUnfinishedAsync(datasetId, DatasetNetworkPurpose.Features, cancellationToken) is { } unfinished)
            return ServiceError.Conflict($"Version {unfinished.Version} of this dataset's feature network is already {unfinished.Status}: {Url(unfinished)}.");
        return ToResponse(await QueueAsync(dataset, cancellationToken));
    }

    /// <summary>The dataset's feature networks, newest first; null when the dataset does not exist.</summary>
    public async Task<IReadOnlyList<FeatureNetworkResponse>?> ListAsync(Guid datasetId, CancellationToken cancellationToken)
    {
        if (!await db.Datasets.AnyAsync(d => d.Id == datasetId, cancellationToken))
            return null;
        var featureNetworks = await db.FeatureNetworks.AsNoTracking().Where(f => f.DatasetId == datasetId && f.Purpose == DatasetNetworkPurpose.Features).OrderByDescending(f => f.Version).ToListAsync(cancellationToken);
        return featureNetworks.Select(ToResponse).ToList();
    }

    public async Task<FeatureNetworkResponse?> GetAsync(Guid datasetId, Guid id, CancellationToken cancellationToken) =>
        await db.FeatureNetworks.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id && f.DatasetId == datasetId && f.Purpose == DatasetNetworkPurpose.Features, cancellationToken) is { } featureNetwork
            ? ToResponse(featureNetwork)
            : null;

    /// <summary>Creates a queued feature network version and its job.</summary>
    public async Task<DatasetFeatureNetwork> QueueAsync(Dataset dataset, CancellationToken cancellationToken)
    {
        var featureNetwork = await store.CreateAsync(dataset, DatasetNetworkPurpose.Features, cancellationToken);
        // Enqueued after the row exists, so the job always finds it.
        var jobId = Enqueue(jobs, featureNetwork.Id);
        await db.FeatureNetworks.Where(f => f.Id == featureNetwork.Id).ExecuteUpdateAsync(set => set.SetProperty(f => f.JobId, jobId), cancellationToken);
        featureNetwork.JobId = jobId;
        return featureNetwork;
    }

    public static string Enqueue(IBackgroundJobClient jobs, Guid featureNetworkId) =>
        jobs.Create<FeatureNetworkJob>(job => job.Train(featureNetworkId, CancellationToken.None), new EnqueuedState(EvaluationJob.Queue));

    public static FeatureNetworkSummary Summarise(DatasetFeatureNetwork featureNetwork) =>
        new(featureNetwork.Id, featureNetwork.Version, featureNetwork.Task, featureNetwork.HeldOutAccuracy);

    private static string Url(DatasetFeatureNetwork featureNetwork) => $"/v1/datasets/{featureNetwork.DatasetId}/feature-networks/{featureNetwork.Id}";

    private static FeatureNetworkResponse ToResponse(DatasetFeatureNetwork f) =>
        new(f.Id, f.DatasetId, f.Version, f.Status.ToString(), f.Task, f.Steps, f.Seed, f.HeldOutAccuracy, f.FeatureDimension, f.Error, f.CreatedAt, f.StartedAt, f.FinishedAt);
}
