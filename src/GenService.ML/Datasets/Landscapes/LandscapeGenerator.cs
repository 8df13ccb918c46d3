namespace GenService.ML.Datasets.Landscapes;

/// <summary>
/// Draws landscapes with their label maps: the built-in label-map dataset, since no segmentation data
/// set can be downloaded here. Image i depends only on the seed, i and the size, never on the count or
/// the machine: everything is drawn from SplitMix64 with integer-hashed noise and plain arithmetic.
/// </summary>
public static class LandscapeGenerator
{
    public const int MinSize = 64;
    public const int MaxSize = 256;

    public static IReadOnlyList<string> StyleNames { get; } =
        Enum.GetValues<LandscapeStyle>().Select(style => style.ToString().ToLowerInvariant()).ToList();

    /// <summary>Landscape <paramref name="index"/> of the sequence that <paramref name="seed"/> starts.</summary>
    public static Landscape DrawOne(ulong seed, long index, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, MinSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxSize);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var random = SplitMix64.ForItem(seed, index);
        var style = (LandscapeStyle)random.Below(StyleNames.Count);
        var scene = SceneLayout.Compose(random, size);
        var pixels = LandscapeRenderer.Render(scene, StylePalette.For(style), random);
        return new Landscape(size, pixels, scene.Labels, style);
    }

    /// <summary>The first <paramref name="count"/> landscapes of the sequence, drawn in parallel.</summary>
    public static Landscape[] Draw(ulong seed, int count, int size, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var landscapes = new Landscape[count];
        Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, i => landscapes[i] = DrawOne(seed, i, size));
        return landscapes;
    }
}
