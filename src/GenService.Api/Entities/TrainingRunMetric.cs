namespace GenService.Api.Entities;

/// <summary>Losses or held-out metrics at one step of a run: append-only, one row per report.</summary>
public sealed class TrainingRunMetric
{
    public long Id { get; set; }

    public Guid TrainingRunId { get; set; }

    public long Step { get; set; }

    /// <summary>"train" for averaged step losses, "validation" for held-out metrics.</summary>
    public required string Split { get; set; }

    public Dictionary<string, double> Values { get; set; } = [];

    public DateTime RecordedAt { get; set; }
}
