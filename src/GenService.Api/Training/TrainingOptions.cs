using System.ComponentModel.DataAnnotations;

namespace GenService.Api.Training;

/// <summary>How training jobs run. Bound from "Training".</summary>
public sealed class TrainingOptions
{
    public const string SectionName = "Training";

    /// <summary>Training jobs that run at once in this process; each uses all CPU cores or one device.</summary>
    [Range(1, 64)]
    public int WorkerCount { get; set; } = 1;

    /// <summary>Share of the dataset held out for evaluation.</summary>
    [Range(0.01, 0.5)]
    public double ValidationFraction { get; set; } = 0.1;

    [Range(1, 1_000_000)]
    public int ReportEvery { get; set; } = 10;

    [Range(1, 1_000_000)]
    public int EvaluateEvery { get; set; } = 500;

    [Range(1, 1_000_000)]
    public int CheckpointEvery { get; set; } = 200;

    /// <summary>Steps between the sample grids a run saves of fixed seeds (also at step 0 and at the end).</summary>
    [Range(1, 1_000_000)]
    public int SnapshotEvery { get; set; } = 200;

    /// <summary>Images in each snapshot grid: seeds 0 to this minus one.</summary>
    [Range(1, 256)]
    public int SnapshotImages { get; set; } = 16;

    /// <summary>How many times a run whose loss stops being finite goes back to its last checkpoint
    /// before it fails; 0 fails it at once.</summary>
    [Range(0, 100)]
    public int MaxRollbacks { get; set; } = 3;

    /// <summary>How often a running job renews its lease (<see cref="Jobs.JobQueueOptions.LeaseDuration"/>) and looks for a cancel request.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Device for training: "cpu", "cuda:0", ... or empty for the first CUDA device, else the CPU.</summary>
    public string? Device { get; set; }
}
