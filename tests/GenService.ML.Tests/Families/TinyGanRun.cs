using GenService.ML.Datasets;
using GenService.ML.Families;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families;

/// <summary>A GAN training setup small enough for a test: a few synthetic images and the given settings.</summary>
public sealed class TinyGanRun : IDisposable
{
    private TinyGanRun(DatasetTensors train, DatasetTensors validation, TrainingSetup setup)
    {
        Train = train;
        Validation = validation;
        Setup = setup;
    }

    public DatasetTensors Train { get; }

    public DatasetTensors Validation { get; }

    public TrainingSetup Setup { get; }

    /// <summary>Smooth random blobs (noise blurred and upsampled), so the images have some structure.</summary>
    /// <param name="settings">Hyperparameters as a client would send them: numbers, and choices by name.</param>
    public static TinyGanRun Create(
        IReadOnlyList<HyperparameterSpec> specs, ImageShape shape, IReadOnlyDictionary<string, object> settings, int count = 24, long seed = 7)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(42);
        var coarse = rand([count, shape.Channels, 4, 4], generator: generator);
        var images = nn.functional.interpolate(coarse, size: [shape.Height, shape.Width], mode: InterpolationMode.Bilinear, align_corners: false)
            .mul(255).round().to_type(ScalarType.Byte);
        var train = new DatasetTensors(images.clone().MoveToOuterDisposeScope(), null, []);
        var validation = new DatasetTensors(images.narrow(0, 0, Math.Max(1, count / 3)).clone().MoveToOuterDisposeScope(), null, []);
        var supplied = settings.ToDictionary(p => p.Key, p => System.Text.Json.JsonSerializer.SerializeToElement(p.Value));
        var hyperparameters = Hyperparameters.Validate(specs, supplied, out var errors);
        if (errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")), nameof(settings));
        return new TinyGanRun(train, validation, new TrainingSetup(hyperparameters, train, validation, CPU, seed));
    }

    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
    }
}
