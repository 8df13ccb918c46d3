using GenService.ML.Imaging;
using SkiaSharp;

namespace GenService.ML.Tests.Imaging;

public class IndexedPngTests
{
    /// <summary>libpng (through SkiaSharp) chooses a filter per row, so every PNG filter type gets undone here.</summary>
    [Fact]
    public void AGrayscalePngFromAnEncoderReadsBackValueForValue()
    {
        const int Width = 37, Height = 23;
        var values = new byte[Width * Height];
        for (var i = 0; i < values.Length; i++)
            values[i] = (byte)((i * 7919) ^ (i / Width * 31));
        using var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Gray8, SKAlphaType.Opaque));
        values.CopyTo(bitmap.GetPixelSpan());
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);

        var (width, height, read) = IndexedPng.Decode(png.ToArray(), maxPixels: 10_000);

        Assert.Equal((Width, Height), (width, height));
        Assert.Equal(values, read);
    }

    [Fact]
    public void AColourPngIsRefusedAsNoLabelMap()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(4, 4, SKColorType.Rgba8888, SKAlphaType.Opaque));
        bitmap.Erase(new SKColor(10, 200, 30));
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);

        var refused = Assert.Throws<InvalidImageException>(() => IndexedPng.Decode(png.ToArray(), maxPixels: 10_000));

        Assert.Contains("single-channel (grayscale) or palette PNG", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotAPngOrTooManyPixelsIsRefused()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(40, 40, SKColorType.Gray8, SKAlphaType.Opaque));
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);

        Assert.Throws<InvalidImageException>(() => IndexedPng.Decode("GIF89a"u8, maxPixels: 10_000));
        Assert.Contains("at most 1000", Assert.Throws<InvalidImageException>(() => IndexedPng.Decode(png.ToArray(), maxPixels: 1000)).Message, StringComparison.Ordinal);
    }
}
