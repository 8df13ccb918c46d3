using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using GenService.ML.Training;
using static TorchSharp.torch;

namespace GenService.ML.Datasets;

/// <summary>
/// The stored, tensor-friendly form of a dataset in one folder: the raw uint8 images (NCHW), the raw
/// labels if any, and manifest.json describing both. Raw bytes load with one read per chunk and can
/// be read image by image (previews) without a decoder.
/// </summary>
public static class DatasetFile
{
    public const int CurrentFormatVersion = 1;
    public const string ManifestFileName = "manifest.json";
    public const string ImagesFileName = "images.u8";
    public const string LabelsFileName = "labels.i64";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>
    /// Writes the dataset into <paramref name="directory"/> (created if needed). The manifest is written
    /// last, so a folder with a manifest is complete.
    /// </summary>
    /// <param name="heldOut">Positions of the images the source held out, ascending (<see cref="DatasetManifest.HeldOut"/>); null for none.</param>
    public static StoredDataset Write(string directory, DatasetTensors dataset, IReadOnlyList<long>? heldOut = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        using var scope = NewDisposeScope();
        Directory.CreateDirectory(directory);
        var shape = dataset.Shape;
        var manifest = new DatasetManifest(
            CurrentFormatVersion,
            dataset.Count,
            shape.Channels,
            shape.Height,
            shape.Width,
            [.. dataset.Classes],
            ImagesFileName,
            dataset.Labels is null ? null : LabelsFileName,
            dataset.Labels is null ? null : "int64",
            heldOut);

        string checksum;
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            using (var stream = new FileStream(Path.Combine(directory, ImagesFileName), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                RawImageBytes.Write(stream, dataset.Images, hash);
                stream.Flush(flushToDisk: true);
            }
            checksum = Convert.ToHexStringLower(hash.GetHashAndReset());
        }

        if (dataset.Labels is { } labels)
        {
            using var stream = new FileStream(Path.Combine(directory, LabelsFileName), FileMode.Create, FileAccess.Write);
            WriteLittleEndianInt64(stream, labels.cpu().contiguous());
            stream.Flush(flushToDisk: true);
        }

        CheckpointStore.WriteAtomically(Path.Combine(directory, ManifestFileName), stream => JsonSerializer.Serialize(stream, manifest, Json));
        var sizeBytes = new DirectoryInfo(directory).EnumerateFiles().Sum(file => file.Length);
        return new StoredDataset(manifest, checksum, sizeBytes);
    }

    /// <summary>The manifest of any kind of stored dataset, parsed but not yet checked.</summary>
    /// <param name="holds">What the folder holds, for the message when there is no manifest ("photos").</param>
    /// <param name="kind">The manifest's kind, for the message when it is not JSON ("photo").</param>
    /// <param name="path">The manifest's path, for the caller's own messages.</param>
    /// <returns>The manifest, or null when the file holds JSON null.</returns>
    /// <exception cref="InvalidDataException">The manifest is missing or not JSON of the type.</exception>
    public static T? ReadManifestJson<T>(string directory, string holds, string kind, out string path) where T : class
    {
        path = Path.Combine(directory, ManifestFileName);
        if (!File.Exists(path))
            throw new InvalidDataException($"{path} does not exist: the folder holds no stored {holds}.");
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<T>(stream, Json);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{path} is not a valid {kind} manifest: {exception.Message}", exception);
        }
    }

    /// <summary>Reads and checks the manifest of a stored dataset.</summary>
    /// <exception cref="InvalidDataException">The manifest is missing, unreadable or inconsistent.</exception>
    public static DatasetManifest ReadManifest(string directory)
    {
        var manifest = ReadManifestJson<DatasetManifest>(directory, "dataset", "dataset", out var path);

        if (manifest is null)
            throw new InvalidDataException($"{path} is empty.");
        if (manifest.FormatVersion != CurrentFormatVersion)
            throw new InvalidDataException($"{path} has format version {manifest.FormatVersion}; this build reads version {CurrentFormatVersion}.");
        if (manifest.Count < 1 || manifest.Channels is not (1 or 3) || manifest.Height < 1 || manifest.Width < 1)
            throw new InvalidDataException($"{path} describes {manifest.Count} images of {manifest.Channels}×{manifest.Height}×{manifest.Width}: not a valid dataset.");
        if (!RawImageBytes.IsPlainFileName(manifest.ImagesFile) || (manifest.LabelsFile is { } labels && !RawImageBytes.IsPlainFileName(labels)))
            throw new InvalidDataException($"{path} names files outside its folder.");
        if (manifest.LabelsFile is not null && (manifest.LabelType is not ("int64" or "int32") || manifest.Classes.Count == 0))
            throw new InvalidDataException($"{path} has labels of type '{manifest.LabelType}' over {manifest.Classes.Count} classes: labels must be int64 or int32 over at least one class.");
        if (manifest.HeldOut is { } heldOut
            && (heldOut.Count == 0 || heldOut.Count >= manifest.Count || heldOut[0] < 0 || heldOut[^1] >= manifest.Count || heldOut.Zip(heldOut.Skip(1)).Any(p => p.First >= p.Second)))
            throw new InvalidDataException($"{path} holds out {heldOut.Count} images: held-out positions must be ascending, within the {manifest.Count} images, and leave some to train on.");
        return manifest;
    }

    /// <summary>Loads a whole stored dataset into memory, checking every file against the manifest.</summary>
    /// <exception cref="InvalidDataException">A file is missing, truncated, too long, or a label is out of range.</exception>
    public static DatasetTensors Read(string directory)
    {
        var manifest = ReadManifest(directory);
        var imagesPath = Path.Combine(directory, manifest.ImagesFile);
        RawImageBytes.CheckLength(imagesPath, manifest.Count * manifest.BytesPerImage, $"{manifest.Count} images of {manifest.Channels}×{manifest.Height}×{manifest.Width}");

        var images = empty([manifest.Count, manifest.Channels, manifest.Height, manifest.Width], ScalarType.Byte);
        Tensor? labels = null;
        try
        {
            using (var stream = new FileStream(imagesPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20))
                RawImageBytes.ReadInto(stream, images, imagesPath);
            if (manifest.LabelsFile is { } labelsFile)
                labels = ReadLabels(Path.Combine(directory, labelsFile), manifest);
            return new DatasetTensors(images, labels, manifest.Classes);
        }
        catch
        {
            images.Dispose();
            labels?.Dispose();
            throw;
        }
    }

    /// <summary>Reads only the images at <paramref name="indices"/>, as uint8 [k, C, H, W], seeking in the images file.</summary>
    public static Tensor ReadImages(string directory, IReadOnlyList<long> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var manifest = ReadManifest(directory);
        var imagesPath = Path.Combine(directory, manifest.ImagesFile);
        RawImageBytes.CheckLength(imagesPath, manifest.Count * manifest.BytesPerImage, $"{manifest.Count} images of {manifest.Channels}×{manifest.Height}×{manifest.Width}");
        foreach (var index in indices)
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((ulong)index, (ulong)manifest.Count, nameof(indices));

        var images = empty([indices.Count, manifest.Channels, manifest.Height, manifest.Width], ScalarType.Byte);
        try
        {
            using var stream = new FileStream(imagesPath, FileMode.Open, FileAccess.Read, FileShare.Read);
            for (var i = 0; i < indices.Count; i++)
            {
                stream.Position = indices[i] * manifest.BytesPerImage;
                using var slot = images[i];
                RawImageBytes.ReadExactly(stream, slot.bytes, imagesPath);
            }
            return images;
        }
        catch
        {
            images.Dispose();
            throw;
        }
    }

    private static Tensor ReadLabels(string path, DatasetManifest manifest)
    {
        var width = manifest.LabelType == "int32" ? sizeof(int) : sizeof(long);
        RawImageBytes.CheckLength(path, manifest.Count * width, $"{manifest.Count} {manifest.LabelType} labels");
        var raw = File.ReadAllBytes(path);
        var values = new long[manifest.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var label = width == sizeof(int)
                ? BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(i * width))
                : BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(i * width));
            if (label < 0 || label >= manifest.Classes.Count)
                throw new InvalidDataException($"{path}: label {label} of image {i} is outside the {manifest.Classes.Count} classes.");
            values[i] = label;
        }
        return tensor(values, ScalarType.Int64);
    }

    private static void WriteLittleEndianInt64(Stream stream, Tensor labels)
    {
        var values = labels.data<long>().ToArray();
        var buffer = new byte[values.Length * sizeof(long)];
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(i * sizeof(long)), values[i]);
        stream.Write(buffer);
    }
}
