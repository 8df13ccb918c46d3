using GenService.Api.Jobs;

namespace GenService.Api.Entities;

/// <summary>
/// One version of a dataset's feature network: the small CNN whose features the FID-style metrics and the
/// memorisation check use; or, for a labelmaps dataset, of its segmentation network, which the label-map fidelity
/// evaluation segments renderings with (<see cref="Purpose"/>). Its files live in the dataset's folder, so they go
/// when the dataset goes.
/// </summary>
public sealed class DatasetFeatureNetwork : ILeasedRecord
{
    public Guid Id { get; set; }

    /// <summary>The account it belongs to: its dataset's.</summary>
    public Guid AccountId { get; set; }

    public Guid DatasetId { get; set; }

    public DatasetNetworkPurpose Purpose { get; set; }

    /// <summary>1 for the dataset's first network of its purpose, counting up.</summary>
    public int Version { get; set; }

    public FeatureNetworkStatus Status { get; set; }

    /// <summary>"classes" (the dataset's labels) or "rotation" (self-supervised, for unlabelled images); "segmentation" for a segmentation network.</summary>
    public required string Task { get; set; }

    public int Steps { get; set; }

    public long Seed { get; set; }

    /// <summary>Share of its held-out images it classifies right (for rotation: turns it tells right; for segmentation: pixels).</summary>
    public double? HeldOutAccuracy { get; set; }

    /// <summary>Length of its feature vectors; null for a segmentation network.</summary>
    public int? FeatureDimension { get; set; }

    /// <summary>Folder under the data root with the network (and a feature network's features of every dataset image); null until Ready.</summary>
    public string? StorageLocation { get; set; }

    public string? JobId { get; set; }

    /// <summary>Which worker holds it, and until when (<see cref="Jobs.RecordLeases"/>): another job takes it over
    /// only once the lease has lapsed, so it is never trained twice at once, and a dead worker's is resumed.</summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseExpiresAt { get; set; }

    public string? Error { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }
}
