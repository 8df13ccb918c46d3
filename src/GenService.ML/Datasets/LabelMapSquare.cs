namespace GenService.ML.Datasets;

/// <summary>How a label map of any size becomes a square map of a given size, as an uploaded image becomes a square
/// image: its centre square, resized by nearest neighbour so that a class index is never blended into another.</summary>
public static class LabelMapSquare
{
    /// <param name="values">The map's indices, row after row.</param>
    /// <returns>size × size indices, row after row.</returns>
    public static byte[] CentreNearest(byte[] values, int width, int height, int size)
    {
        var side = Math.Min(width, height);
        var (left, top) = ((width - side) / 2, (height - side) / 2);
        var square = new byte[size * size];
        for (var y = 0; y < size; y++)
        {
            var sourceY = top + (int)(((y + 0.5) * side) / size);
            for (var x = 0; x < size; x++)
                square[(y * size) + x] = values[((long)sourceY * width) + left + (int)(((x + 0.5) * side) / size)];
        }
        return square;
    }
}
