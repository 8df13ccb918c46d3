using System.Security.Cryptography;
using static TorchSharp.torch;

namespace GenService.ML.Datasets;

/// <summary>
/// The raw uint8 files every stored dataset kind is made of: tensors written and read in chunks along
/// their first dimension (one read per chunk, no decoder), hashed as they are written, and checked
/// against the length their manifest expects before they are trusted.
/// </summary>
internal static class RawImageBytes
{
    // Large enough to stream at disk speed, small enough for a Span (int length) and the heap.
    private const long ChunkBytes = 16L << 20;

    /// <summary>Appends a uint8 tensor's bytes (row-major) to <paramref name="stream"/> and to <paramref name="hash"/>.</summary>
    public static void Write(Stream stream, Tensor items, IncrementalHash hash)
    {
        using var scope = NewDisposeScope();
        var contiguous = items.cpu().contiguous();
        var count = contiguous.shape[0];
        var perChunk = Math.Max(1, ChunkBytes / BytesPerItem(contiguous));
        for (long start = 0; start < count; start += perChunk)
        {
            var bytes = contiguous.narrow(0, start, Math.Min(perChunk, count - start)).bytes;
            hash.AppendData(bytes);
            stream.Write(bytes);
        }
    }

    /// <summary>Fills a contiguous uint8 tensor from <paramref name="stream"/>'s next bytes.</summary>
    /// <exception cref="InvalidDataException">The file ends first.</exception>
    public static void ReadInto(Stream stream, Tensor items, string path)
    {
        var count = items.shape[0];
        var perChunk = Math.Max(1, ChunkBytes / BytesPerItem(items));
        for (long start = 0; start < count; start += perChunk)
        {
            using var chunk = items.narrow(0, start, Math.Min(perChunk, count - start));
            ReadExactly(stream, chunk.bytes, path);
        }
    }

    /// <exception cref="InvalidDataException">The file ends before <paramref name="destination"/> is full.</exception>
    public static void ReadExactly(Stream stream, Span<byte> destination, string path)
    {
        try
        {
            stream.ReadExactly(destination);
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException($"{path} ended early: it was truncated while being read.", exception);
        }
    }

    /// <exception cref="InvalidDataException">The file is missing, shorter or longer than <paramref name="expected"/>.</exception>
    public static void CheckLength(string path, long expected, string what)
    {
        if (!File.Exists(path))
            throw new InvalidDataException($"{path} is missing: the manifest expects {expected} bytes ({what}).");
        var actual = new FileInfo(path).Length;
        if (actual != expected)
        {
            throw new InvalidDataException(actual < expected
                ? $"{path} is truncated: {actual} bytes, but the manifest expects {expected} ({what})."
                : $"{path} holds {actual} bytes, more than the {expected} the manifest expects ({what}).");
        }
    }

    public static bool IsPlainFileName(string name) =>
        !string.IsNullOrWhiteSpace(name) && name == Path.GetFileName(name) && name is not ("." or "..");

    private static long BytesPerItem(Tensor items) => Math.Max(1, items.shape.Skip(1).Aggregate(1L, (product, side) => product * side));
}
