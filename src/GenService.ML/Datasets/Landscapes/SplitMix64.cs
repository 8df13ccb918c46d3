namespace GenService.ML.Datasets.Landscapes;

/// <summary>
/// Steele, Lea and Flood's SplitMix64: a fixed algorithm on 64-bit integers, so a seed draws the same
/// numbers on every machine and runtime (neither System.Random nor torch's generator promise that).
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private const ulong GoldenGamma = 0x9E3779B97F4A7C15;

    private ulong state = seed;

    public ulong NextUInt64()
    {
        unchecked
        {
            state += GoldenGamma;
            return Finalise(state);
        }
    }

    /// <summary>Uniform in [0, 1), from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double Range(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>Uniform in [0, count); the bias of the modulo is below 2^-31 for the small counts used here.</summary>
    public int Below(int count) => (int)((NextUInt64() >> 32) % (ulong)count);

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>A 32-bit seed for a noise field, drawn from this stream.</summary>
    public uint NextSeed() => (uint)(NextUInt64() >> 32);

    /// <summary>The stream of item <paramref name="index"/> under <paramref name="seed"/>: independent of how many items are drawn.</summary>
    public static SplitMix64 ForItem(ulong seed, long index) =>
        new(Finalise(unchecked(seed + ((ulong)index * GoldenGamma) + 1)));

    private static ulong Finalise(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }
}
