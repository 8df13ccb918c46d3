using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.Pix2Pix;

/// <summary>
/// pix2pix's only noise: dropout, kept on at test time as in the paper. Each image's masks come from its
/// own generator, drawn in the same order by every forward pass, so an image's output depends on its
/// input and its seed alone, whatever batch it is in and on whatever device.
/// </summary>
public sealed class DropoutNoise : IDisposable
{
    private readonly Generator[] generators;

    private DropoutNoise(Generator[] generators) => this.generators = generators;

    /// <summary>One generator per image, seeded with that image's seed.</summary>
    public static DropoutNoise FromSeeds(IReadOnlyList<long> seeds) =>
        new([.. seeds.Select(seed => new Generator(unchecked((ulong)seed)))]);

    /// <summary>Inverted dropout: each feature is zeroed with probability <paramref name="rate"/>, the rest
    /// scaled by 1 / (1 − rate), as torch's dropout does in training.</summary>
    /// <param name="features">[N, C, H, W], N the number of seeds.</param>
    public Tensor Apply(Tensor features, double rate)
    {
        if (features.shape[0] != generators.Length)
            throw new ArgumentException($"{features.shape[0]} images but {generators.Length} dropout seeds.", nameof(features));
        using var scope = NewDisposeScope();
        var imageShape = features.shape[1..];
        var kept = stack(generators.Select(generator => rand(imageShape, generator: generator)).ToArray()).ge(rate);
        var mask = kept.to_type(features.dtype).div_(1 - rate).to(features.device);
        return (features * mask).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        foreach (var generator in generators)
            generator.Dispose();
    }
}
