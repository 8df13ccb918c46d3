using GenService.ML.Datasets;
using GenService.ML.Families;
using GenService.ML.Families.CycleGan;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.CycleGan;

/// <summary>A CycleGAN setup small enough for a test: a few synthetic images in three labelled classes, narrow
/// networks with one residual block, small batches.</summary>
public sealed class TinyCycleGan : IDisposable
{
    public const int DomainA = 2;
    public const int DomainB = 0;

    private TinyCycleGan(DatasetTensors train, DatasetTensors validation, TrainingSetup setup)
    {
        Train = train;
        Validation = validation;
        Setup = setup;
    }

    public DatasetTensors Train { get; }

    public DatasetTensors Validation { get; }

    public TrainingSetup Setup { get; }

    /// <summary>Class 0 bright blobs, class 1 mid-gray, class 2 dark blobs, labels cycling 0, 1, 2.</summary>
    public static TinyCycleGan Run(ImageShape? shape = null, IReadOnlyDictionary<string, object>? overrides = null, long seed = 7, int count = 12)
    {
        var imageShape = shape ?? new ImageShape(1, 16, 16);
        var settings = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [CycleGanHyperparameters.DomainALabelName] = DomainA,
            [CycleGanHyperparameters.DomainBLabelName] = DomainB,
            [CycleGanHyperparameters.BaseChannelsName] = 4,
            [CycleGanHyperparameters.ResidualBlocksName] = 1,
            [CycleGanHyperparameters.BatchSizeName] = 2,
            [CycleGanHyperparameters.PoolSizeName] = 3,
            [CycleGanHyperparameters.StepsName] = 10,
        };
        foreach (var (name, value) in overrides ?? new Dictionary<string, object>())
            settings[name] = value;
        var supplied = settings.ToDictionary(p => p.Key, p => System.Text.Json.JsonSerializer.SerializeToElement(p.Value));
        var hyperparameters = Hyperparameters.Validate(CycleGanHyperparameters.Specs, supplied, out var errors);
        if (errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")), nameof(overrides));

        using var scope = NewDisposeScope();
        using var generator = new Generator(42);
        var labels = arange(count, dtype: ScalarType.Int64).remainder(3);
        var coarse = rand([count, imageShape.Channels, 4, 4], generator: generator);
        var blobs = nn.functional.interpolate(coarse, size: [imageShape.Height, imageShape.Width], mode: InterpolationMode.Bilinear, align_corners: false);
        var brightness = (1 - labels.to_type(ScalarType.Float32) / 2).view(count, 1, 1, 1);
        var images = (blobs * brightness).mul(255).round().to_type(ScalarType.Byte);
        string[] classes = ["bright", "gray", "dark"];
        var train = new DatasetTensors(images.clone().MoveToOuterDisposeScope(), labels.clone().MoveToOuterDisposeScope(), classes);
        var validation = new DatasetTensors(images.narrow(0, 0, 6).clone().MoveToOuterDisposeScope(), labels.narrow(0, 0, 6).clone().MoveToOuterDisposeScope(), classes);
        return new TinyCycleGan(train, validation, new TrainingSetup(hyperparameters, train, validation, CPU, seed));
    }

    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
    }
}
