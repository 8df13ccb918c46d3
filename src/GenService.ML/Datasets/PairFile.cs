using System.Security.Cryptography;
using System.Text.Json;
using GenService.ML.Training;
using static TorchSharp.torch;

namespace GenService.ML.Datasets;

/// <summary>
/// The stored form of <see cref="PairTensors"/> in one folder: a.u8 and b.u8 (raw planar uint8, item after
/// item) and manifest.json, written last. The checksum covers a.u8 then b.u8.
/// </summary>
public static class PairFile
{
    public const int CurrentFormatVersion = 1;
    public const string Kind = "pairs";
    public const string AFileName = "a.u8";
    public const string BFileName = "b.u8";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static StoredFiles Write(string directory, PairTensors pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var (a, b) = (pairs.A, pairs.B);
        if (a.dtype != ScalarType.Byte || b.dtype != ScalarType.Byte || a.dim() != 4 || b.dim() != 4
            || a.shape[0] != b.shape[0] || a.shape[2] != b.shape[2] || a.shape[3] != b.shape[3])
            throw new ArgumentException("A and B must be uint8 [N, C, H, W] tensors of the same N, H and W.", nameof(pairs));
        if (pairs.Splits is not null && PairSplit.Problem(pairs.Splits, a.shape[0]) is { } badSplits)
            throw new ArgumentException(badSplits, nameof(pairs));
        Directory.CreateDirectory(directory);

        string checksum;
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            foreach (var (file, side) in new[] { (AFileName, a), (BFileName, b) })
            {
                using var stream = new FileStream(Path.Combine(directory, file), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
                RawImageBytes.Write(stream, side, hash);
                stream.Flush(flushToDisk: true);
            }
            checksum = Convert.ToHexStringLower(hash.GetHashAndReset());
        }

        var manifest = new PairManifest(
            CurrentFormatVersion, Kind, a.shape[0], (int)a.shape[1], (int)b.shape[1], (int)a.shape[2], (int)a.shape[3], AFileName, BFileName, pairs.Splits);
        CheckpointStore.WriteAtomically(Path.Combine(directory, DatasetFile.ManifestFileName), stream => JsonSerializer.Serialize(stream, manifest, Json));
        return new StoredFiles(checksum, new DirectoryInfo(directory).EnumerateFiles().Sum(file => file.Length));
    }

    /// <exception cref="InvalidDataException">The manifest is missing, unreadable or inconsistent.</exception>
    public static PairManifest ReadManifest(string directory)
    {
        var manifest = DatasetFile.ReadManifestJson<PairManifest>(directory, "pairs", "pair", out var path);

        if (manifest is null)
            throw new InvalidDataException($"{path} is empty.");
        if (manifest.FormatVersion != CurrentFormatVersion || manifest.Kind != Kind)
            throw new InvalidDataException($"{path} is a '{manifest.Kind}' manifest of version {manifest.FormatVersion}; this build reads '{Kind}' version {CurrentFormatVersion}.");
        if (manifest.Count < 1 || manifest.ChannelsA is not (1 or 3) || manifest.ChannelsB is not (1 or 3) || manifest.Height < 1 || manifest.Width < 1)
            throw new InvalidDataException($"{path} describes {manifest.Count} pairs of {manifest.ChannelsA}|{manifest.ChannelsB}×{manifest.Height}×{manifest.Width}: not a valid pair dataset.");
        if (!RawImageBytes.IsPlainFileName(manifest.AFile) || !RawImageBytes.IsPlainFileName(manifest.BFile) || manifest.AFile == manifest.BFile)
            throw new InvalidDataException($"{path} names files outside its folder, or one file for both sides.");
        if (manifest.Splits is not null && PairSplit.Problem(manifest.Splits, manifest.Count) is { } badSplits)
            throw new InvalidDataException($"{path} has splits that do not fit its pairs: {badSplits}");
        return manifest;
    }

    /// <summary>Loads every pair, with the stored splits, checking both files against the manifest.</summary>
    /// <exception cref="InvalidDataException">A file is missing, truncated or too long.</exception>
    public static PairTensors Read(string directory)
    {
        var manifest = ReadManifest(directory);
        var a = ReadSide(directory, manifest.AFile, manifest.ChannelsA, manifest, indices: null);
        try
        {
            return new PairTensors(a, ReadSide(directory, manifest.BFile, manifest.ChannelsB, manifest, indices: null), manifest.Splits);
        }
        catch
        {
            a.Dispose();
            throw;
        }
    }

    /// <summary>Loads only the pairs at <paramref name="indices"/>, in that order, seeking in both files; without splits, which describe the whole set.</summary>
    public static PairTensors Read(string directory, IReadOnlyList<long> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var manifest = ReadManifest(directory);
        foreach (var index in indices)
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((ulong)index, (ulong)manifest.Count, nameof(indices));
        var a = ReadSide(directory, manifest.AFile, manifest.ChannelsA, manifest, indices);
        try
        {
            return new PairTensors(a, ReadSide(directory, manifest.BFile, manifest.ChannelsB, manifest, indices));
        }
        catch
        {
            a.Dispose();
            throw;
        }
    }

    private static Tensor ReadSide(string directory, string file, int channels, PairManifest manifest, IReadOnlyList<long>? indices)
    {
        var path = Path.Combine(directory, file);
        var (count, bytesPerItem) = (manifest.Count, (long)channels * manifest.Height * manifest.Width);
        RawImageBytes.CheckLength(path, count * bytesPerItem, $"{count} images of {channels}×{manifest.Height}×{manifest.Width}");
        var items = empty([indices?.Count ?? count, channels, manifest.Height, manifest.Width], ScalarType.Byte);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            if (indices is null)
            {
                RawImageBytes.ReadInto(stream, items, path);
                return items;
            }
            for (var i = 0; i < indices.Count; i++)
            {
                stream.Position = indices[i] * bytesPerItem;
                using var slot = items[i];
                RawImageBytes.ReadExactly(stream, slot.bytes, path);
            }
            return items;
        }
        catch
        {
            items.Dispose();
            throw;
        }
    }
}
