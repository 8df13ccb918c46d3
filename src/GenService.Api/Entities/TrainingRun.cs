using GenService.Api.Jobs;

namespace GenService.Api.Entities;

/// <summary>One training job: its settings, live progress and outcome.</summary>
public sealed class TrainingRun : ILeasedRecord
{
    public Guid Id { get; set; }

    /// <summary>The account it belongs to: its dataset's (the caller's, unless an admin started it for the dataset's account).</summary>
    public Guid AccountId { get; set; }

    public Guid ModelId { get; set; }

    public GenerativeModel? Model { get; set; }

    /// <summary>Null once the dataset is deleted, which is refused while the run is queued or running.</summary>
    public Guid? DatasetId { get; set; }

    public required string Architecture { get; set; }

    public TrainingRunStatus Status { get; set; }

    public long Seed { get; set; }

    public long Step { get; set; }

    public long TotalSteps { get; set; }

    /// <summary>Set by the cancel endpoint; tells a stopping job that it was cancelled, not shut down.</summary>
    public bool CancelRequested { get; set; }

    /// <summary>The Hangfire job executing this run.</summary>
    public string? JobId { get; set; }

    /// <summary>Which worker holds the run, and until when: a second job for the same run
    /// (a re-fetched job after a crash, say) waits until the lease lapses instead of training twice (<see cref="RecordLeases"/>).</summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseExpiresAt { get; set; }

    /// <summary>How many times a worker has started (or resumed) this run.</summary>
    public int Attempts { get; set; }

    public long? ResumedFromStep { get; set; }

    /// <summary>Step of the newest complete checkpoint: what a resume would start from.</summary>
    public long? LastCheckpointStep { get; set; }

    /// <summary>Bytes its files take: checkpoints, the models exported with them, snapshots and, once it succeeds, its
    /// model's exported weights. Measured when each checkpoint is written and when the run ends, so that the
    /// account's storedBytes quota is summed from the database rather than by walking folders on each request.</summary>
    public long StoredBytes { get; set; }

    public string? Error { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<TrainingRunMetric> Metrics { get; set; } = [];
}
