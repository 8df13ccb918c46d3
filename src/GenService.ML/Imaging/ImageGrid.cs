using static TorchSharp.torch;

namespace GenService.ML.Imaging;

/// <summary>Tiles a batch of images into one image, row by row, for previews and sample sheets.</summary>
public static class ImageGrid
{
    /// <summary>
    /// Lays out [N, C, H, W] as one [C, rows·(H + padding) + padding, columns·(W + padding) + padding]
    /// image of the same dtype, with <paramref name="padValue"/> between and around the tiles.
    /// </summary>
    public static Tensor Tile(Tensor images, int columns, int padding = 2, double padValue = 0)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.shape[0] == 0)
            throw new ArgumentException($"Expected a non-empty batch [N, C, H, W], got [{string.Join(", ", images.shape)}].", nameof(images));
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);

        using var scope = NewDisposeScope();
        var (count, channels, height, width) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var columnCount = Math.Min(columns, count);
        var rowCount = (count + columnCount - 1) / columnCount;
        var grid = full(
            [channels, (rowCount * (height + padding)) + padding, (columnCount * (width + padding)) + padding],
            padValue, images.dtype, images.device);
        for (long i = 0; i < count; i++)
        {
            var top = padding + (i / columnCount * (height + padding));
            var left = padding + (i % columnCount * (width + padding));
            grid.narrow(1, top, height).narrow(2, left, width).copy_(images[i]);
        }
        return grid.MoveToOuterDisposeScope();
    }
}
