using GenService.ML.Datasets;
using GenService.ML.Families;
using GenService.ML.Families.StyleGan;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.StyleGan;

/// <summary>A StyleGAN training setup small enough for a test: 8 feature maps, a 2-layer mapping network,
/// R1 every other step, a few synthetic images.</summary>
public sealed class TinyStyleGanRun : IDisposable
{
    public static readonly IReadOnlyDictionary<string, double> TinyWidths = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        [StyleGanHyperparameters.WDimName] = 8,
        [StyleGanHyperparameters.MappingLayersName] = 2,
        [StyleGanHyperparameters.ChannelBaseName] = 64,
        [StyleGanHyperparameters.MaxChannelsName] = 8,
    };

    private TinyStyleGanRun(DatasetTensors train, DatasetTensors validation, IReadOnlyDictionary<string, double>? overrides, long seed)
    {
        Train = train;
        Validation = validation;
        var values = new Dictionary<string, double>(TinyWidths, StringComparer.Ordinal)
        {
            [StyleGanHyperparameters.BatchSizeName] = 8,
            [StyleGanHyperparameters.StepsName] = 10,
            [StyleGanHyperparameters.R1IntervalName] = 2,
            [StyleGanHyperparameters.R1GammaName] = 1,
            [StyleGanHyperparameters.EmaHalfLifeImagesName] = 100,
        };
        foreach (var (name, value) in overrides ?? new Dictionary<string, double>())
            values[name] = value;
        Setup = new TrainingSetup(Hyperparameters.FromStored(StyleGanHyperparameters.Specs, values), train, validation, CPU, seed);
    }

    public DatasetTensors Train { get; }

    public DatasetTensors Validation { get; }

    public TrainingSetup Setup { get; }

    /// <summary>Uniform random pixels: nothing to learn, but every code path runs.</summary>
    public static TinyStyleGanRun Noise(ImageShape shape, int count = 24, IReadOnlyDictionary<string, double>? overrides = null, long seed = 7)
    {
        using var generator = new Generator(42);
        using var images = randint(0, 256, shape.AsBatch(count), dtype: ScalarType.Byte, generator: generator);
        return new TinyStyleGanRun(new DatasetTensors(images.clone(), null, []), new DatasetTensors(images.clone(), null, []), overrides, seed);
    }

    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
    }
}
