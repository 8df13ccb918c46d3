using System.ComponentModel.DataAnnotations;

namespace GenService.Api.Quotas;

/// <summary>What one account may take, unless an admin sets its own quotas (PUT /v1/accounts/{id}/quotas).
/// Keys that belong to no account (the operator's) have no quotas. Bound from "Quotas".</summary>
public sealed class QuotaOptions
{
    public const string SectionName = "Quotas";

    public const int MaxConcurrentTrainingRuns = 10_000;

    public const int MaxImagesPerGeneration = 100_000;

    /// <summary>Requests per second an account's keys may make, on average, to the routes that need the generate
    /// scope (samples, text-to-image, translate, super-resolve, label-map-to-image, trajectories, interpolations,
    /// POST generations). The bucket is kept in each process, so with several API nodes an account may reach each one's rate.</summary>
    [Range(0.001, 100_000)]
    public double GenerationRequestsPerSecond { get; set; } = 10;

    /// <summary>The bucket's size: requests an account may make at once after a quiet spell.</summary>
    [Range(1, 1_000_000)]
    public int GenerationBurst { get; set; } = 20;

    /// <summary>Training runs an account may have queued or running at once.</summary>
    [Range(0, MaxConcurrentTrainingRuns)]
    public int ConcurrentTrainingRuns { get; set; } = 2;

    /// <summary>Bytes an account's datasets (uploaded or imported) and training runs' files (checkpoints, snapshots, exported
    /// models) may take: a dataset or a run over it is refused with 413, a run that crosses it while training finishes.</summary>
    [Range(0, long.MaxValue)]
    public long StoredBytes { get; set; } = 10L * 1024 * 1024 * 1024;

    /// <summary>Images one asynchronous generation of an account may ask for (Generations:MaxImages still bounds every generation).</summary>
    [Range(1, MaxImagesPerGeneration)]
    public int ImagesPerGeneration { get; set; } = 1000;
}
