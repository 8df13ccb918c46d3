using System.ComponentModel.DataAnnotations;
using GenService.ML.Evaluation;

namespace GenService.Api.Evaluation;

/// <summary>How models are evaluated and feature networks trained. Bound from "Evaluation".</summary>
public sealed class EvaluationOptions
{
    public const string SectionName = "Evaluation";

    /// <summary>Evaluation jobs (and feature network trainings) that run at once in this process.</summary>
    [Range(1, 16)]
    public int WorkerCount { get; set; } = 1;

    /// <summary>Evaluate every model when its training run succeeds.</summary>
    public bool AfterTraining { get; set; } = true;

    /// <summary>Images in each compared set, unless a request asks for another count.</summary>
    [Range(MinimumSampleCount, MaximumSampleCount)]
    public int SampleCount { get; set; } = 1000;

    [Range(2, 1000)]
    public int KidSubsets { get; set; } = 100;

    [Range(2, 10_000)]
    public int KidSubsetSize { get; set; } = 500;

    [Range(1, 20)]
    public int PrecisionRecallK { get; set; } = 3;

    /// <summary>Replicates of the bootstrap that gives the Fréchet distance's and KID's standard errors.</summary>
    [Range(2, 1000)]
    public int BootstrapReplicates { get; set; } = 100;

    /// <summary>How often a job waiting for a feature network that another worker trains looks again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public const int MinimumSampleCount = 10;
    public const int MaximumSampleCount = 10_000;

    public ModelEvaluationSettings ToSettings(int sampleCount) =>
        new(sampleCount, KidSubsets, KidSubsetSize, PrecisionRecallK, BootstrapReplicates: BootstrapReplicates);
}

/// <summary>How a dataset's feature network is trained. Bound from "Evaluation:FeatureNetwork";
/// the defaults are <see cref="FeatureNetworkSettings"/>'s.</summary>
public sealed class FeatureNetworkOptions
{
    public const string SectionName = "Evaluation:FeatureNetwork";

    private static readonly FeatureNetworkSettings Defaults = new();

    [Range(1, 256)]
    public int BaseChannels { get; set; } = Defaults.BaseChannels;

    [Range(1, 1_000_000)]
    public int Steps { get; set; } = Defaults.Steps;

    [Range(1, 4096)]
    public int BatchSize { get; set; } = Defaults.BatchSize;

    [Range(1e-6, 1)]
    public double LearningRate { get; set; } = Defaults.LearningRate;

    [Range(0.01, 0.5)]
    public double HeldOutFraction { get; set; } = Defaults.HeldOutFraction;

    public FeatureNetworkSettings ToSettings() => new(BaseChannels, Steps, BatchSize, LearningRate, HeldOutFraction);
}

/// <summary>How a labelmaps dataset's segmentation network, which its label-map fidelity evaluations share, is trained.
/// Bound from "Evaluation:SegmentationNetwork"; the defaults are <see cref="SegmentationNetworkSettings"/>'s.</summary>
public sealed class SegmentationNetworkOptions
{
    public const string SectionName = "Evaluation:SegmentationNetwork";

    private static readonly SegmentationNetworkSettings Defaults = new();

    [Range(1, 256)]
    public int BaseChannels { get; set; } = Defaults.BaseChannels;

    [Range(1, 6)]
    public int Levels { get; set; } = Defaults.Levels;

    [Range(1, 1_000_000)]
    public int Steps { get; set; } = Defaults.Steps;

    [Range(1, 4096)]
    public int BatchSize { get; set; } = Defaults.BatchSize;

    [Range(1e-6, 1)]
    public double LearningRate { get; set; } = Defaults.LearningRate;

    [Range(0.01, 0.5)]
    public double HeldOutFraction { get; set; } = Defaults.HeldOutFraction;

    public SegmentationNetworkSettings ToSettings() => new(BaseChannels, Levels, Steps, BatchSize, LearningRate, HeldOutFraction);
}
