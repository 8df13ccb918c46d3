using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families;

/// <summary>
/// Randomness that belongs to one seed: every seed gets its own CPU generator, so the noise behind an
/// image is the same on every device, in every batch and after a restart.
/// </summary>
public static class SeededNoise
{
    /// <summary>z ~ N(0, I) for each seed, drawn from that seed's own generator.</summary>
    /// <returns>[seeds, dimension] float32 on the CPU.</returns>
    public static Tensor Latents(IReadOnlyList<long> seeds, int dimension)
    {
        using var scope = NewDisposeScope();
        if (seeds.Count == 0)
            return zeros(0, dimension).MoveToOuterDisposeScope();
        return cat(seeds.Select(seed => Normal(unchecked((ulong)seed), [1, dimension])).ToArray(), 0).MoveToOuterDisposeScope();
    }

    /// <summary>N(0, I) noise of the given shape from a generator seeded with <paramref name="seed"/>.</summary>
    public static Tensor Normal(ulong seed, long[] shape)
    {
        using var generator = new Generator(seed);
        return randn(shape, generator: generator);
    }

    /// <summary>SplitMix64 of (seed, stream): neighbouring seeds and streams (training steps, noise
    /// layers, ...) get unrelated generators.</summary>
    public static ulong DeriveSeed(long seed, long stream)
    {
        unchecked
        {
            var z = (ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)stream;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
