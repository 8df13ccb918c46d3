using static TorchSharp.torch;

namespace GenService.ML.Families;

/// <summary>
/// Runs a fully convolutional upscaler over an image of any size, one tile at a time, so memory is bounded
/// by the tile size and not by the image's. The image is cut into cores of (tile − 2 · overlap) pixels; each
/// core is run with <paramref name="overlap"/> pixels of its neighbours around it (less at the image's own
/// border), and only the core's output is kept, so every kept pixel is taken from the tile where it is
/// farthest from a tile edge.
/// </summary>
/// <remarks>
/// With <paramref name="overlap"/> at least the network's receptive radius, a kept pixel sees exactly the
/// inputs it sees in one pass over the whole image (a tile's zero padding lies outside its receptive
/// field), so the stitched image equals the untiled one up to float rounding and no seam can show. That
/// holds for networks whose every layer is a convolution or a per-pixel map: batch normalisation only in
/// eval mode, no pooling over the image.
/// </remarks>
/// <param name="upscale">[1, C, h, w] → [1, C, h · scale, w · scale], any h and w up to the tile size.</param>
/// <param name="tile">Side of the largest input the upscaler is given, in input pixels.</param>
/// <param name="overlap">Input pixels of context around each core.</param>
public sealed class TiledUpscaler(Func<Tensor, Tensor> upscale, int scale, int tile, int overlap)
{
    public int Scale { get; } = scale >= 1 ? scale : throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be at least 1.");

    public int Overlap { get; } = overlap >= 0 ? overlap : throw new ArgumentOutOfRangeException(nameof(overlap), overlap, "The overlap cannot be negative.");

    /// <summary>Side of the part of a tile whose output is kept.</summary>
    public int Core { get; } = tile - 2 * overlap >= 1
        ? tile - 2 * overlap
        : throw new ArgumentOutOfRangeException(nameof(tile), tile, $"A tile must be larger than twice the overlap ({overlap}).");

    /// <param name="image">[1, C, h, w]</param>
    /// <returns>[1, C, h · scale, w · scale]</returns>
    public Tensor Upscale(Tensor image)
    {
        if (image.dim() != 4 || image.shape[0] != 1)
            throw new ArgumentException($"Expected one image [1, C, h, w], got [{string.Join(", ", image.shape)}].", nameof(image));
        var height = image.shape[2];
        var width = image.shape[3];
        using var scope = NewDisposeScope();
        var rows = new List<Tensor>();
        for (long top = 0; top < height; top += Core)
        {
            var row = new List<Tensor>();
            for (long left = 0; left < width; left += Core)
                row.Add(UpscaleCore(image, top, left, height, width));
            rows.Add(cat(row, 3));
        }
        return cat(rows, 2).MoveToOuterDisposeScope();
    }

    /// <returns>The output of the core at (top, left): [1, C, core height · scale, core width · scale].</returns>
    /// <remarks>The tile's own scope frees its activations before the next tile runs (otherwise they would all live
    /// until the image is done), and the core is copied out so the whole tile's output is freed too.</remarks>
    private Tensor UpscaleCore(Tensor image, long top, long left, long height, long width)
    {
        using var scope = NewDisposeScope();
        var (tileTop, tileHeight, coreHeight) = Span(top, height);
        var (tileLeft, tileWidth, coreWidth) = Span(left, width);
        var output = upscale(image.narrow(2, tileTop, tileHeight).narrow(3, tileLeft, tileWidth));
        return output
            .narrow(2, (top - tileTop) * Scale, coreHeight * Scale)
            .narrow(3, (left - tileLeft) * Scale, coreWidth * Scale)
            .clone()
            .MoveToOuterDisposeScope();
    }

    /// <summary>Along one axis of <paramref name="length"/> pixels: where the tile around the core starting at
    /// <paramref name="start"/> begins, how long it is, and how long the core is.</summary>
    private (long TileStart, long TileLength, long CoreLength) Span(long start, long length)
    {
        var coreLength = Math.Min(Core, length - start);
        var tileStart = Math.Max(0, start - Overlap);
        var tileEnd = Math.Min(length, start + coreLength + Overlap);
        return (tileStart, tileEnd - tileStart, coreLength);
    }
}
