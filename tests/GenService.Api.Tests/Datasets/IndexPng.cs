using System.Buffers.Binary;
using System.IO.Compression;
using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Datasets;

/// <summary>Writes 8-bit grayscale or palette PNGs of given values, as segmentation datasets ship their maps (SkiaSharp writes no palette PNGs).</summary>
internal static class IndexPng
{
    /// <param name="palette">Null for a grayscale PNG; else the colours of a palette PNG, one per index used.</param>
    public static byte[] Write(byte[,] values, (byte R, byte G, byte B)[]? palette = null)
    {
        var (height, width) = (values.GetLength(0), values.GetLength(1));
        using var png = new MemoryStream();
        png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        (header[8], header[9]) = (8, palette is null ? (byte)0 : (byte)3);
        PngChunk.Write(png, "IHDR", header);
        if (palette is not null)
            PngChunk.Write(png, "PLTE", palette.SelectMany(c => new[] { c.R, c.G, c.B }).ToArray());
        using var rows = new MemoryStream();
        using (var zlib = new ZLibStream(rows, CompressionLevel.Fastest, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                // Filter "up" on odd rows, so the reader's unfiltering is exercised.
                var filter = (byte)(y % 2 == 1 ? 2 : 0);
                zlib.WriteByte(filter);
                for (var x = 0; x < width; x++)
                    zlib.WriteByte(filter == 0 ? values[y, x] : unchecked((byte)(values[y, x] - values[y - 1, x])));
            }
        }
        PngChunk.Write(png, "IDAT", rows.ToArray());
        PngChunk.Write(png, "IEND", []);
        return png.ToArray();
    }

    public static byte[,] Filled(int width, int height, Func<int, int, byte> value)
    {
        var values = new byte[height, width];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
                values[y, x] = value(x, y);
        }
        return values;
    }
}
