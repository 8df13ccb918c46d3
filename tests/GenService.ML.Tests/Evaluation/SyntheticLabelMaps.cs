using GenService.ML.Datasets;
using GenService.ML.Datasets.Landscapes;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Evaluation;

/// <summary>Small label-map sets for training segmentation networks in a test.</summary>
public static class SyntheticLabelMaps
{
    private static readonly LabelClass[] Primaries = [new(0, "red", "#ff0000"), new(1, "green", "#00ff00"), new(2, "blue", "#0000ff")];

    /// <summary>
    /// Maps of horizontal stripes of three classes, and images that paint each class in its own primary colour
    /// at a random brightness, with noise: a pixel's colour tells its class, so a segmentation network learns
    /// them in a few dozen steps.
    /// </summary>
    /// <param name="dontCareIndex">When given, the top row of every map carries it.</param>
    public static LabelMapSet Stripes(int count, int size = 16, long seed = 1, int? dontCareIndex = null)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var stripeClasses = randint(0, 3, [count, 4], dtype: ScalarType.Int64, generator: generator);
        var maps = stripeClasses.repeat_interleave(size / 4, dim: 1).unsqueeze(2).expand(count, size, size);   // [N, S, S]
        var colours = nn.functional.one_hot(maps, 3).permute(0, 3, 1, 2).to_type(ScalarType.Float32);                      // [N, 3, S, S]
        var brightness = rand([count, 1, 1, 1], generator: generator).mul_(120).add_(120);
        var noise = rand([count, 3, size, size], generator: generator).mul_(30);
        var images = colours.mul(brightness).add_(noise).clamp_(0, 255).to_type(ScalarType.Byte);
        var bytes = maps.to_type(ScalarType.Byte).clone();
        if (dontCareIndex is { } ignored)
            bytes[TensorIndex.Colon, 0, TensorIndex.Colon] = tensor((byte)ignored);
        return new LabelMapSet(images.MoveToOuterDisposeScope(), bytes.MoveToOuterDisposeScope(), Primaries, dontCareIndex, imageLabels: null, imageClasses: []);
    }

    /// <summary>Generated landscapes shrunk to <paramref name="size"/> (the generator draws at least 64 px):
    /// images averaged, maps sampled at every (64 / size)-th pixel.</summary>
    public static LabelMapSet Landscapes(int count, int size = 32, ulong seed = 1)
    {
        using var full = LandscapeSet.Draw(seed, count, LandscapeGenerator.MinSize);
        using var scope = NewDisposeScope();
        var step = LandscapeGenerator.MinSize / size;
        var rows = arange(0, LandscapeGenerator.MinSize, step, dtype: ScalarType.Int64);
        var maps = full.Maps.index_select(1, rows).index_select(2, rows);
        var images = DatasetTensors.Resize(full.Images, size);
        return new LabelMapSet(images.MoveToOuterDisposeScope(), maps.MoveToOuterDisposeScope(), full.Classes, full.DontCareIndex, imageLabels: null, imageClasses: []);
    }
}
