using System.Text.Json;
using GenService.ML.Datasets;
using GenService.ML.Datasets.Captions;
using GenService.ML.Families;
using GenService.ML.Families.TextGan;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.TextGan;

/// <summary>Tiny text GAN runs: six 28-pixel images of two classes (dark coats, light sneakers) with two captions each,
/// narrow networks, one step a phase.</summary>
public sealed class TinyTextGan : IDisposable
{
    private TinyTextGan(CaptionSet train, CaptionSet validation, TrainingSetup setup)
    {
        Train = train;
        Validation = validation;
        Setup = setup;
    }

    public CaptionSet Train { get; }

    public CaptionSet Validation { get; }

    public TrainingSetup Setup { get; }

    public static IReadOnlyDictionary<string, object> TinySettings { get; } = new Dictionary<string, object>(StringComparer.Ordinal)
    {
        [TextGanHyperparameters.StepsName] = 3,
        [TextGanHyperparameters.BatchSizeName] = 4,
        [TextGanHyperparameters.LatentDimName] = 8,
        [TextGanHyperparameters.ConditionDimName] = 8,
        [TextGanHyperparameters.TextDimName] = 16,
        [TextGanHyperparameters.BaseChannelsName] = 4,
        [TextGanHyperparameters.StageTwoChannelsName] = 4,
    };

    public static TinyTextGan Run(IReadOnlyDictionary<string, object>? overrides = null, long seed = 7)
    {
        var train = Captioned(4, seed: 1);
        var validation = Captioned(2, seed: 2);
        var settings = new Dictionary<string, object>(TinySettings, StringComparer.Ordinal);
        foreach (var (name, value) in overrides ?? new Dictionary<string, object>())
            settings[name] = value;
        var supplied = settings.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value));
        var hyperparameters = Hyperparameters.Validate(TextGanHyperparameters.Specs, supplied, out var errors);
        if (errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")), nameof(overrides));
        return new TinyTextGan(train, validation, new TrainingSetup(hyperparameters, train, validation, CPU, seed));
    }

    /// <summary>Dark coats (label 0) and light sneakers (label 1) in turn, each with two phrasings.</summary>
    private static CaptionSet Captioned(int count, long seed)
    {
        using var generator = new TorchSharp.torch.Generator((ulong)seed);
        var labels = arange(count, dtype: ScalarType.Int64).remainder(2);
        using var noise = randint(0, 64, [count, 1, 28, 28], dtype: ScalarType.Int64, generator: generator);
        using var brightness = (labels * 160).view(-1, 1, 1, 1);
        var images = (noise + brightness).to_type(ScalarType.Byte);
        var items = Enumerable.Range(0, count).Select(i => i % 2 == 0
            ? new ImageCaptions(["a dark coat", "coat, dark"], [], HeldOut: false)
            : new ImageCaptions(["a light sneaker", "sneaker, light"], [], HeldOut: false)).ToList();
        return new CaptionSet(new DatasetTensors(images, labels, ["coat", "sneaker"]), items, attributeThresholds: null);
    }

    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
    }
}
