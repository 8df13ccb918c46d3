using GenService.Api.Jobs;

namespace GenService.Api.Entities;

/// <summary>The evaluation of one model at one checkpoint step, on one version of its dataset's feature network.</summary>
public sealed class ModelEvaluation : ILeasedRecord
{
    public Guid Id { get; set; }

    /// <summary>The account it belongs to: its model's.</summary>
    public Guid AccountId { get; set; }

    public Guid ModelId { get; set; }

    /// <summary>Training step of the checkpoint evaluated.</summary>
    public long Step { get; set; }

    public EvaluationStatus Status { get; set; }

    public EvaluationTrigger Trigger { get; set; }

    /// <summary>Set when the evaluation starts; null again if that feature network is deleted with its dataset.</summary>
    public Guid? FeatureNetworkId { get; set; }

    public DatasetFeatureNetwork? FeatureNetwork { get; set; }

    /// <summary>Label-map fidelity only: the dataset's segmentation network, set when the evaluation starts; null again
    /// if it is deleted with its dataset.</summary>
    public Guid? SegmentationNetworkId { get; set; }

    public DatasetFeatureNetwork? SegmentationNetwork { get; set; }

    /// <summary>Images asked for in each compared set; the held-out split may allow fewer.</summary>
    public int RequestedSampleCount { get; set; }

    /// <summary>The figures by name (see <c>EvaluationFigures</c>); empty until it succeeds.</summary>
    public Dictionary<string, double> Figures { get; set; } = [];

    public string? JobId { get; set; }

    /// <summary>Which worker holds it, and until when (<see cref="Jobs.RecordLeases"/>): another job takes it over
    /// only once the lease has lapsed, so it is never evaluated twice at once, and a dead worker's is resumed.</summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseExpiresAt { get; set; }

    public string? Error { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }
}
