using System.Text.Json;
using GenService.ML.Datasets.Trajectories;
using GenService.ML.Families;
using GenService.ML.Families.SocialGan;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.SocialGan;

/// <summary>A Social GAN small enough to train in a second on a few short simulated scenes.</summary>
internal static class TinySocialGan
{
    public static IReadOnlyDictionary<string, object> Small { get; } = new Dictionary<string, object>
    {
        [SocialGanHyperparameters.EmbeddingDimName] = 8,
        [SocialGanHyperparameters.EncoderHiddenName] = 8,
        [SocialGanHyperparameters.DecoderHiddenName] = 12,
        [SocialGanHyperparameters.MlpDimName] = 16,
        [SocialGanHyperparameters.BottleneckDimName] = 8,
        [SocialGanHyperparameters.NoiseDimName] = 4,
        [SocialGanHyperparameters.DiscriminatorHiddenName] = 8,
        [SocialGanHyperparameters.VarietySamplesName] = 3,
        [SocialGanHyperparameters.BatchSizeName] = 4,
    };

    public static SocialGanArchitecture Architecture(bool pooling = true) =>
        new(ObservedSteps: 8, PredictedSteps: 8, EmbeddingDim: 8, EncoderHidden: 8, DecoderHidden: 12, MlpDim: 16, BottleneckDim: 8, NoiseDim: 4, Pooling: pooling, DiscriminatorHidden: 8);

    public static TrainingSetup Setup(long seed = 1, IReadOnlyDictionary<string, object>? overrides = null)
    {
        var supplied = Small.Concat(overrides ?? new Dictionary<string, object>())
            .GroupBy(pair => pair.Key).ToDictionary(g => g.Key, g => JsonSerializer.SerializeToElement(g.Last().Value));
        var hyperparameters = Hyperparameters.Validate(SocialGanHyperparameters.Specs, supplied, out var errors);
        Assert.Empty(errors);
        var scenes = CrowdSimulator.Simulate(3, 2, 1, 0, frames: 24);
        return new TrainingSetup(hyperparameters, scenes.Where(s => s.Split == TrajectorySplit.Train).ToList(),
            scenes.Where(s => s.Split == TrajectorySplit.Validation).ToList(), CPU, seed);
    }
}
