using GenService.ML.Datasets;
using GenService.ML.Families;
using GenService.ML.Families.Vae;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.Vae;

/// <summary>A training setup small enough for a test: a narrow network on a few synthetic images.</summary>
public sealed class TinyVaeRun : IDisposable
{
    private TinyVaeRun(DatasetTensors train, DatasetTensors validation, IReadOnlyDictionary<string, double>? overrides, long seed)
    {
        Train = train;
        Validation = validation;
        var values = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [VaeHyperparameters.LatentDimName] = 4,
            [VaeHyperparameters.BaseChannelsName] = 4,
            [VaeHyperparameters.BatchSizeName] = 16,
            [VaeHyperparameters.StepsName] = 10,
            // What a new run stores; a run stored without them reads the old per-pixel decoder and N(0, I).
            [VaeHyperparameters.DecoderVarianceName] = (int)DecoderVariance.Shared,
            [VaeHyperparameters.PriorName] = (int)LatentPrior.Mixture,
        };
        foreach (var (name, value) in overrides ?? new Dictionary<string, double>())
            values[name] = value;
        Setup = new TrainingSetup(Hyperparameters.FromStored(VaeHyperparameters.Specs, values), train, validation, CPU, seed);
    }

    public DatasetTensors Train { get; }

    public DatasetTensors Validation { get; }

    public TrainingSetup Setup { get; }

    /// <summary>Uniform random pixels: nothing to learn, but every code path runs.</summary>
    public static TinyVaeRun Noise(ImageShape shape, int count = 48, IReadOnlyDictionary<string, double>? overrides = null, long seed = 7)
    {
        using var generator = new Generator(42);
        using var images = randint(0, 256, shape.AsBatch(count), dtype: ScalarType.Byte, generator: generator);
        return new TinyVaeRun(new DatasetTensors(images.clone(), null, []), new DatasetTensors(images.clone(), null, []), overrides, seed);
    }

    /// <summary>Four fixed images (one bright quadrant each) on a black background: trivially learnable.</summary>
    public static TinyVaeRun Quadrants(int size = 16, int count = 64, IReadOnlyDictionary<string, double>? overrides = null)
    {
        using var scope = NewDisposeScope();
        var half = size / 2;
        var images = zeros(count, 1, size, size, dtype: ScalarType.Byte);
        for (var i = 0; i < count; i++)
        {
            var (row, column) = ((i % 4) / 2 * half, i % 2 * half);
            images[i, 0, TensorIndex.Slice(row, row + half), TensorIndex.Slice(column, column + half)] = tensor((byte)255);
        }
        var train = new DatasetTensors(images.clone().MoveToOuterDisposeScope(), null, []);
        var validation = new DatasetTensors(images.clone().MoveToOuterDisposeScope(), null, []);
        return new TinyVaeRun(train, validation, overrides, seed: 3);
    }

    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
    }
}
