using GenService.ML.Datasets;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Evaluation;

/// <summary>Small image sets with an easy, known structure, for training feature networks in a test.</summary>
public static class SyntheticImages
{
    /// <summary>
    /// Gray images with one bright square, in the quadrant given by the label (4 classes), at a random
    /// brightness and a random shift of up to a pixel: trivially learnable, yet no two images alike.
    /// </summary>
    public static DatasetTensors Quadrants(int count, int size = 16, long seed = 1, bool labelled = true)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var half = size / 2;
        var images = zeros(count, 1, size, size, dtype: ScalarType.Byte);
        var labels = randint(0, 4, [count], dtype: ScalarType.Int64, generator: generator);
        var brightness = randint(128, 256, [count], dtype: ScalarType.Int64, generator: generator);
        var shifts = randint(0, 2, [count, 2], dtype: ScalarType.Int64, generator: generator);
        for (var i = 0; i < count; i++)
        {
            var label = labels[i].item<long>();
            var row = (int)(label / 2 * half + shifts[i, 0].item<long>());
            var column = (int)(label % 2 * half + shifts[i, 1].item<long>());
            images[i, 0, TensorIndex.Slice(row, Math.Min(row + half - 1, size)), TensorIndex.Slice(column, Math.Min(column + half - 1, size))] =
                tensor((byte)brightness[i].item<long>());
        }
        return labelled
            ? new DatasetTensors(images.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope(), ["top left", "top right", "bottom left", "bottom right"])
            : new DatasetTensors(images.MoveToOuterDisposeScope(), null, []);
    }

    /// <summary>
    /// Unlabelled gray images that are bright at the top and fade downwards, at a random contrast and with
    /// noise: like a sky above the ground, the way up is plain to see, so a quarter turn can be told.
    /// </summary>
    public static DatasetTensors Skies(int count, int size = 16, long seed = 1)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var fade = linspace(1, 0, size).view(1, 1, size, 1);                                   // [1, 1, S, 1]
        var contrast = rand([count, 1, 1, 1], generator: generator) * 0.5 + 0.5;              // [N, 1, 1, 1]
        var noise = rand([count, 1, size, size], generator: generator) * 0.3;
        var images = ((fade * contrast + noise) / 1.3 * 255).round().clamp(0, 255).to_type(ScalarType.Byte);
        return new DatasetTensors(images.MoveToOuterDisposeScope(), null, []);
    }
}
