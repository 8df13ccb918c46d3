using static TorchSharp.torch;

namespace GenService.ML.Families.Spade;

/// <summary>A label map as SPADE reads it: one channel per class, 1 where the pixel has that class. A "don't care" pixel
/// (ADE20K's 0, Cityscapes' 255) gets all zeros: it asks for no class in particular.</summary>
public static class OneHotLabels
{
    /// <param name="maps">[N, H, W] of any integer type, values below <paramref name="channels"/> or the don't-care index.</param>
    /// <returns>[N, channels, H, W] float32 on the maps' device.</returns>
    /// <exception cref="ArgumentException">A value is neither a class below <paramref name="channels"/> nor don't care.</exception>
    public static Tensor From(Tensor maps, int channels, int? dontCareIndex)
    {
        using var scope = NewDisposeScope();
        var indices = maps.to_type(ScalarType.Int64);
        var counted = dontCareIndex is { } ignored ? indices.ne(ignored) : ones_like(indices, ScalarType.Bool);
        var classes = indices.where(counted, 0);
        if (classes.numel() > 0 && (classes.min().item<long>() < 0 || classes.max().item<long>() >= channels))
            throw new ArgumentException($"Label maps hold values outside 0 to {channels - 1}{(dontCareIndex is { } d ? $" and \"don't care\" {d}" : "")}.", nameof(maps));
        var oneHot = nn.functional.one_hot(classes, channels).permute(0, 3, 1, 2).to_type(ScalarType.Float32);
        return (oneHot * counted.unsqueeze(1)).MoveToOuterDisposeScope();
    }
}
