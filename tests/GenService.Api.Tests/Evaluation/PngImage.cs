using System.Buffers.Binary;
using SkiaSharp;

namespace GenService.Api.Tests.Evaluation;

/// <summary>Reads what a test checks of a PNG: its size from the header, and its pixels.</summary>
public static class PngImage
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Width and height from the IHDR chunk, after checking the signature.</summary>
    public static (int Width, int Height) Size(byte[] png)
    {
        Assert.True(png.Length > 24 && png.AsSpan(0, 8).SequenceEqual(Signature), "not a PNG");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    /// <summary>Whether the image decodes and is more than one flat colour.</summary>
    public static bool HasVariedPixels(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        return bitmap is not null && bitmap.Pixels.Distinct().Skip(1).Any();
    }

    public static SKColor[] Pixels(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        return bitmap.Pixels;
    }

    public static SKColor[] Tile(byte[] png, int x, int y, int width, int height)
    {
        using var bitmap = SKBitmap.Decode(png);
        using var tile = new SKBitmap(width, height);
        Assert.True(bitmap.ExtractSubset(tile, SKRectI.Create(x, y, width, height)));
        return tile.Pixels;
    }
}
