using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace GenService.ML.Imaging;

/// <summary>
/// Writes an 8-bit palette PNG (PNG spec, sections 11.2.2 and 11.2.3): each pixel stores an index, and the palette
/// shows it as a colour. A label map written so is read back as its indices by <see cref="IndexedPng"/> and shown by
/// any image viewer in its classes' colours.
/// </summary>
public static class PalettePng
{
    private const byte PaletteColourType = 3;
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <param name="values">The indices, row after row, one byte a pixel.</param>
    /// <param name="palette">256 × 3 bytes: the RGB colour of each index.</param>
    public static byte[] Encode(ReadOnlySpan<byte> values, int width, int height, ReadOnlySpan<byte> palette)
    {
        if (values.Length != (long)width * height)
            throw new ArgumentException($"{values.Length} values for {width}x{height} pixels.", nameof(values));
        if (palette.Length != 256 * 3)
            throw new ArgumentException("The palette needs 256 RGB colours.", nameof(palette));
        using var png = new MemoryStream();
        png.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        (header[8], header[9]) = (8, PaletteColourType);
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "PLTE", palette);
        using var rows = new MemoryStream();
        using (var zlib = new ZLibStream(rows, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                zlib.WriteByte(0);    // filter type None
                zlib.Write(values.Slice(y * width, width));
            }
        }
        WriteChunk(png, "IDAT", rows.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, ~Crc(Crc(0xFFFFFFFFu, typeBytes), data));
        png.Write(word);
    }

    /// <summary>PNG's CRC-32 (ISO 3309, reflected polynomial 0xEDB88320), continued over <paramref name="bytes"/>.</summary>
    private static uint Crc(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return crc;
    }
}
