using System.Text.Json;
using GenService.ML.Datasets;
using GenService.ML.Datasets.Landscapes;
using GenService.ML.Families;
using GenService.ML.Families.Spade;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.Spade;

/// <summary>Tiny SPADE runs: a few generated landscapes at 32 pixels, narrow networks, small batches.</summary>
public sealed class TinySpade : IDisposable
{
    private TinySpade(LabelMapSet train, LabelMapSet validation, TrainingSetup setup)
    {
        Train = train;
        Validation = validation;
        Setup = setup;
    }

    public LabelMapSet Train { get; }

    public LabelMapSet Validation { get; }

    public TrainingSetup Setup { get; }

    /// <summary>Narrow enough that a step takes a fraction of a second.</summary>
    public static IReadOnlyDictionary<string, object> TinySettings { get; } = new Dictionary<string, object>(StringComparer.Ordinal)
    {
        [SpadeHyperparameters.ChannelsName] = 4,
        [SpadeHyperparameters.SpadeHiddenName] = 8,
        [SpadeHyperparameters.LatentDimensionName] = 8,
        [SpadeHyperparameters.BatchSizeName] = 2,
        [SpadeHyperparameters.StepsName] = 3,
    };

    /// <summary>The landscape generator draws at 64 pixels at least; the run gets them halved.</summary>
    public static TinySpade Run(IReadOnlyDictionary<string, object>? overrides = null, long seed = 7)
    {
        using var drawn = LandscapeSet.Draw(seed: 3, count: 6, size: 64);
        using var halved = drawn.ResizedTo(32);
        using var trainIndices = arange(0, 4, dtype: ScalarType.Int64);
        using var validationIndices = arange(4, 6, dtype: ScalarType.Int64);
        var train = halved.Select(trainIndices);
        var validation = halved.Select(validationIndices);
        var settings = new Dictionary<string, object>(TinySettings, StringComparer.Ordinal);
        foreach (var (name, value) in overrides ?? new Dictionary<string, object>())
            settings[name] = value;
        var supplied = settings.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value));
        var hyperparameters = Hyperparameters.Validate(SpadeHyperparameters.Specs, supplied, out var errors);
        if (errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")), nameof(overrides));
        return new TinySpade(train, validation, new TrainingSetup(hyperparameters, train, validation, CPU, seed));
    }

    /// <summary>An architecture of 32-pixel RGB images and three classes.</summary>
    public static SpadeArchitecture Architecture(SpadeNormalisationKind normalisation = SpadeNormalisationKind.Batch, int size = 32) =>
        new(LabelChannels: 3, DontCareIndex: null, new ImageShape(3, size, size), Channels: 4, SpadeHidden: 8, LatentDimension: 8, normalisation);

    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
    }
}
