using System.Buffers.Binary;
using System.IO.Compression;

namespace GenService.ML.Imaging;

/// <summary>
/// Reads the stored values of a grayscale or palette PNG (1, 2, 4 or 8 bits, not interlaced): a label
/// map's class indices. Image decoders, SkiaSharp's included, expand a palette PNG to its colours and
/// lose the indices, so this reads the PNG's own rows (PNG spec, sections 11.2 and 9).
/// </summary>
public static class IndexedPng
{
    private const byte Grayscale = 0;
    private const byte Palette = 3;
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <returns>The values, row after row, one byte a pixel.</returns>
    /// <exception cref="InvalidImageException">Not a PNG, not one of indices, corrupt, or over <paramref name="maxPixels"/>.</exception>
    public static (int Width, int Height, byte[] Values) Decode(ReadOnlySpan<byte> png, long maxPixels)
    {
        if (png.Length < Signature.Length || !png[..Signature.Length].SequenceEqual(Signature))
            throw new InvalidImageException("It is not a PNG file: label maps are PNGs of class indices.");
        var (width, height, depth) = (0, 0, 0);
        using var compressed = new MemoryStream();
        var at = Signature.Length;
        while (at + 12 <= png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png[at..]);
            if (length < 0 || at + 12L + length > png.Length)
                throw new InvalidImageException("The PNG is truncated.");
            var type = System.Text.Encoding.ASCII.GetString(png.Slice(at + 4, 4));
            var data = png.Slice(at + 8, length);
            at += 12 + length;
            if (type == "IHDR")
                (width, height, depth) = ReadHeader(data, maxPixels);
            else if (type == "IDAT")
                compressed.Write(data);
            else if (type == "IEND")
                break;
        }
        if (width == 0)
            throw new InvalidImageException("The PNG has no header (IHDR).");
        return (width, height, Unpack(Unfilter(Inflate(compressed, height, RowBytes(width, depth)), height, RowBytes(width, depth)), width, height, depth));
    }

    private static (int Width, int Height, int Depth) ReadHeader(ReadOnlySpan<byte> header, long maxPixels)
    {
        if (header.Length < 13)
            throw new InvalidImageException("The PNG header (IHDR) is truncated.");
        var (width, height) = (BinaryPrimitives.ReadInt32BigEndian(header), BinaryPrimitives.ReadInt32BigEndian(header[4..]));
        var (depth, colourType, interlace) = (header[8], header[9], header[12]);
        if (colourType is not (Grayscale or Palette))
        {
            throw new InvalidImageException(
                $"It is a PNG of colour type {colourType} ({(colourType is 2 or 6 ? "colour" : "gray with alpha")}): a label map is a single-channel (grayscale) or palette PNG whose values are class indices.");
        }
        if (depth is not (1 or 2 or 4 or 8))
            throw new InvalidImageException($"It is a {depth}-bit PNG: label maps have at most 8 bits a pixel (256 classes).");
        if (interlace != 0)
            throw new InvalidImageException("It is an interlaced PNG: save label maps without interlacing.");
        if (width < 1 || height < 1 || (long)width * height > maxPixels)
            throw new InvalidImageException($"It declares {width}×{height} pixels; at most {maxPixels} are accepted.");
        return (width, height, depth);
    }

    private static int RowBytes(int width, int depth) => (int)(((long)width * depth + 7) / 8);

    private static byte[] Inflate(MemoryStream compressed, int height, int rowBytes)
    {
        // Each row starts with its filter type byte.
        var rows = new byte[(long)height * (rowBytes + 1)];
        compressed.Position = 0;
        try
        {
            using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
            zlib.ReadExactly(rows);
        }
        catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException)
        {
            throw new InvalidImageException($"The PNG's pixel data is corrupt or short ({exception.Message}).", exception);
        }
        return rows;
    }

    /// <summary>Undoes the row filters in place; one byte a pixel for the filters, whatever the bit depth.</summary>
    private static byte[] Unfilter(byte[] rows, int height, int rowBytes)
    {
        var stride = rowBytes + 1;
        for (var y = 0; y < height; y++)
        {
            var row = rows.AsSpan((y * stride) + 1, rowBytes);
            var above = y == 0 ? new byte[rowBytes] : rows.AsSpan(((y - 1) * stride) + 1, rowBytes);
            var filter = rows[y * stride];
            for (var i = 0; i < rowBytes; i++)
            {
                int left = i > 0 ? row[i - 1] : 0, up = above[i], upLeft = i > 0 ? above[i - 1] : 0;
                row[i] += filter switch
                {
                    0 => 0,
                    1 => (byte)left,
                    2 => (byte)up,
                    3 => (byte)((left + up) / 2),
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidImageException($"Row {y} of the PNG has filter type {filter}, which PNG does not define."),
                };
            }
        }
        return rows;
    }

    private static byte Paeth(int left, int up, int upLeft)
    {
        var estimate = left + up - upLeft;
        var (toLeft, toUp, toUpLeft) = (Math.Abs(estimate - left), Math.Abs(estimate - up), Math.Abs(estimate - upLeft));
        return (byte)(toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft);
    }

    /// <summary>One byte a pixel from rows of packed 1-, 2-, 4- or 8-bit values, most significant bits first.</summary>
    private static byte[] Unpack(byte[] rows, int width, int height, int depth)
    {
        var stride = RowBytes(width, depth) + 1;
        var values = new byte[(long)width * height];
        var mask = (1 << depth) - 1;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var bit = x * depth;
                var packed = rows[(y * stride) + 1 + (bit / 8)];
                values[((long)y * width) + x] = (byte)((packed >> (8 - depth - (bit % 8))) & mask);
            }
        }
        return values;
    }
}
