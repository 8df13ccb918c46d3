using static TorchSharp.torch;

namespace GenService.ML.Datasets;

/// <summary>Paints label maps in their classes' display colours, for people to look at: the "don't care" index and
/// indices no class names are black.</summary>
public static class LabelMapPalette
{
    /// <returns>uint8 [256, 3]: row i is the colour of index i.</returns>
    public static Tensor Colours(IReadOnlyList<LabelClass> classes, int? dontCareIndex)
    {
        var palette = zeros([256, 3], ScalarType.Byte);
        foreach (var labelClass in classes.Where(c => c.Index != dontCareIndex))
        {
            var (r, g, b) = labelClass.ColourBytes();
            palette[labelClass.Index] = tensor(new[] { r, g, b });
        }
        return palette;
    }

    /// <param name="maps">[N, H, W] of any integer type, values 0 to 255.</param>
    /// <returns>uint8 [N, 3, H, W].</returns>
    public static Tensor Paint(Tensor maps, IReadOnlyList<LabelClass> classes, int? dontCareIndex)
    {
        using var scope = NewDisposeScope();
        var painted = Colours(classes, dontCareIndex).index_select(0, maps.to_type(ScalarType.Int64).flatten())
            .view(maps.shape[0], maps.shape[1], maps.shape[2], 3).permute(0, 3, 1, 2);
        return painted.contiguous().MoveToOuterDisposeScope();
    }
}
