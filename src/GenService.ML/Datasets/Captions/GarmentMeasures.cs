namespace GenService.ML.Datasets.Captions;

/// <summary>
/// What the built-in caption writer measures in a gray garment image (Fashion-MNIST: a light garment on black),
/// over the garment's own pixels (those above <see cref="GarmentLevel"/>), so the background's share does not
/// decide whether a garment is light.
/// </summary>
/// <param name="Brightness">Mean grey level of the garment's pixels, 0 to 255: light or dark.</param>
/// <param name="Texture">Mean absolute difference between neighbouring garment pixels (right and below), in grey
/// levels: the edge density of prints, stripes and seams, so plain or patterned.</param>
/// <param name="Width">Mean extent of the garment's rows (rightmost minus leftmost garment pixel, plus one), in
/// pixels: wide or narrow.</param>
public sealed record GarmentMeasures(double Brightness, double Texture, double Width)
{
    /// <summary>Grey level above which a pixel belongs to the garment: a tenth of full scale, above JPEG-era noise.</summary>
    public const byte GarmentLevel = 25;

    /// <summary>Measures one image, given as its H·W grey bytes row after row.</summary>
    public static GarmentMeasures Of(ReadOnlySpan<byte> pixels, int height, int width)
    {
        if (pixels.Length != height * width)
            throw new ArgumentException($"{pixels.Length} bytes are not a {height}×{width} gray image.", nameof(pixels));
        long brightness = 0, garmentPixels = 0, differences = 0, neighbourPairs = 0, extents = 0, rows = 0;
        for (var y = 0; y < height; y++)
        {
            var (left, right) = (-1, -1);
            for (var x = 0; x < width; x++)
            {
                var value = pixels[(y * width) + x];
                if (value <= GarmentLevel)
                    continue;
                brightness += value;
                garmentPixels++;
                left = left < 0 ? x : left;
                right = x;
                if (x + 1 < width && pixels[(y * width) + x + 1] > GarmentLevel)
                {
                    differences += Math.Abs(value - pixels[(y * width) + x + 1]);
                    neighbourPairs++;
                }
                if (y + 1 < height && pixels[((y + 1) * width) + x] > GarmentLevel)
                {
                    differences += Math.Abs(value - pixels[((y + 1) * width) + x]);
                    neighbourPairs++;
                }
            }
            if (left >= 0)
            {
                extents += right - left + 1;
                rows++;
            }
        }
        return new GarmentMeasures(
            garmentPixels == 0 ? 0 : (double)brightness / garmentPixels,
            neighbourPairs == 0 ? 0 : (double)differences / neighbourPairs,
            rows == 0 ? 0 : (double)extents / rows);
    }
}
