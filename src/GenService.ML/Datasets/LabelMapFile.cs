using System.Security.Cryptography;
using System.Text.Json;
using GenService.ML.Training;
using static TorchSharp.torch;

namespace GenService.ML.Datasets;

/// <summary>
/// The stored form of a <see cref="LabelMapSet"/> in one folder: images.u8, maps.u8 and, when the images
/// carry labels, image-labels.u8 (raw uint8, item after item), and manifest.json, written last with the
/// classes. The checksum covers the raw files in that order.
/// </summary>
public static class LabelMapFile
{
    public const int CurrentFormatVersion = 1;
    public const string Kind = "labelmaps";
    public const string ImagesFileName = "images.u8";
    public const string MapsFileName = "maps.u8";
    public const string ImageLabelsFileName = "image-labels.u8";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static StoredFiles Write(string directory, LabelMapSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        Directory.CreateDirectory(directory);
        var files = new List<(string Name, Tensor Items)> { (ImagesFileName, set.Images), (MapsFileName, set.Maps) };
        if (set.ImageLabels is { } labels)
            files.Add((ImageLabelsFileName, labels));

        string checksum;
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            foreach (var (file, items) in files)
            {
                using var stream = new FileStream(Path.Combine(directory, file), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
                RawImageBytes.Write(stream, items, hash);
                stream.Flush(flushToDisk: true);
            }
            checksum = Convert.ToHexStringLower(hash.GetHashAndReset());
        }

        var shape = set.Images.shape;
        var manifest = new LabelMapManifest(
            CurrentFormatVersion, Kind, shape[0], (int)shape[1], (int)shape[2], (int)shape[3], ImagesFileName, MapsFileName,
            set.Classes, set.DontCareIndex, set.ImageClasses, set.ImageLabels is null ? null : ImageLabelsFileName);
        CheckpointStore.WriteAtomically(Path.Combine(directory, DatasetFile.ManifestFileName), stream => JsonSerializer.Serialize(stream, manifest, Json));
        return new StoredFiles(checksum, new DirectoryInfo(directory).EnumerateFiles().Sum(file => file.Length));
    }

    /// <exception cref="InvalidDataException">The manifest is missing, unreadable or inconsistent.</exception>
    public static LabelMapManifest ReadManifest(string directory)
    {
        var manifest = DatasetFile.ReadManifestJson<LabelMapManifest>(directory, "label maps", "label-map", out var path);

        if (manifest is null)
            throw new InvalidDataException($"{path} is empty.");
        if (manifest.FormatVersion != CurrentFormatVersion || manifest.Kind != Kind)
            throw new InvalidDataException($"{path} is a '{manifest.Kind}' manifest of version {manifest.FormatVersion}; this build reads '{Kind}' version {CurrentFormatVersion}.");
        if (manifest.Count < 1 || manifest.Channels is not (1 or 3) || manifest.Height < 1 || manifest.Width < 1 || manifest.Classes is not { Count: > 0 })
            throw new InvalidDataException($"{path} describes {manifest.Count} images of {manifest.Channels}×{manifest.Height}×{manifest.Width} with no classes: not a valid label-map dataset.");
        string?[] files = [manifest.ImagesFile, manifest.MapsFile, manifest.ImageLabelsFile];
        if (files.Any(file => file is not null && !RawImageBytes.IsPlainFileName(file)) || files.OfType<string>().Distinct().Count() != files.OfType<string>().Count())
            throw new InvalidDataException($"{path} names files outside its folder, or one file twice.");
        return manifest;
    }

    /// <summary>Loads every image and map, checking each file against the manifest.</summary>
    /// <exception cref="InvalidDataException">A file is missing, truncated or too long.</exception>
    public static LabelMapSet Read(string directory) => Read(directory, indices: null);

    /// <summary>Loads only the items at <paramref name="indices"/>, in that order (all of them when null).</summary>
    /// <exception cref="InvalidDataException">A file is missing, truncated or too long.</exception>
    public static LabelMapSet Read(string directory, IReadOnlyList<long>? indices)
    {
        var manifest = ReadManifest(directory);
        foreach (var index in indices ?? [])
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((ulong)index, (ulong)manifest.Count, nameof(indices));
        using var scope = NewDisposeScope();
        var (height, width) = (manifest.Height, manifest.Width);
        var images = ReadItems(directory, manifest.ImagesFile, [manifest.Channels, height, width], manifest.Count, indices);
        var maps = ReadItems(directory, manifest.MapsFile, [height, width], manifest.Count, indices);
        var labels = manifest.ImageLabelsFile is { } file ? ReadItems(directory, file, [], manifest.Count, indices) : null;
        return new LabelMapSet(
            images.MoveToOuterDisposeScope(), maps.MoveToOuterDisposeScope(), manifest.Classes, manifest.DontCareIndex,
            labels?.MoveToOuterDisposeScope(), manifest.ImageClasses);
    }

    private static Tensor ReadItems(string directory, string file, long[] itemShape, long count, IReadOnlyList<long>? indices)
    {
        var path = Path.Combine(directory, file);
        var bytesPerItem = itemShape.Aggregate(1L, (product, side) => product * side);
        RawImageBytes.CheckLength(path, count * bytesPerItem, $"{count} items of {bytesPerItem} bytes");
        var items = empty([indices?.Count ?? count, .. itemShape], ScalarType.Byte);
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
}
