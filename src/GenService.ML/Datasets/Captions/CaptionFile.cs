using System.Text;
using System.Text.Json;
using GenService.ML.Training;

namespace GenService.ML.Datasets.Captions;

/// <summary>
/// The stored form of a <see cref="CaptionSet"/>: its images as an images dataset (<see cref="DatasetFile"/>: images.u8,
/// labels.i64 when they have classes, manifest.json), so everything that reads images (previews, feature networks,
/// evaluation) reads a captions dataset unchanged; and beside them captions.jsonl, one line an image, with
/// captions-manifest.json. The captions are written first and manifest.json last, so a folder with it is complete.
/// </summary>
public static class CaptionFile
{
    public const int CurrentFormatVersion = 1;
    public const string Kind = "captions";
    public const string CaptionsFileName = "captions.jsonl";
    public const string ManifestFileName = "captions-manifest.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private static readonly JsonSerializerOptions Line = new(JsonSerializerDefaults.Web);

    public static StoredDataset Write(string directory, CaptionSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        Directory.CreateDirectory(directory);
        using (var stream = new FileStream(Path.Combine(directory, CaptionsFileName), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true))
            {
                foreach (var item in set.Items)
                    writer.Write(JsonSerializer.Serialize(item, Line) + "\n");
            }
            stream.Flush(flushToDisk: true);
        }
        var manifest = new CaptionManifest(
            CurrentFormatVersion, Kind, set.Count, set.Items.Count(item => item.HeldOut), set.Items.Sum(item => (long)item.Captions.Count),
            CaptionsFileName, set.AttributeThresholds);
        CheckpointStore.WriteAtomically(Path.Combine(directory, ManifestFileName), stream => JsonSerializer.Serialize(stream, manifest, Json));
        // The held-out flags go into the images' manifest too, so what reads only the images splits as the captions do.
        var heldOut = Enumerable.Range(0, set.Items.Count).Where(i => set.Items[i].HeldOut).Select(i => (long)i).ToList();
        var stored = DatasetFile.Write(directory, set.Images, heldOut.Count > 0 ? heldOut : null);
        return stored with { SizeBytes = new DirectoryInfo(directory).EnumerateFiles().Sum(file => file.Length) };
    }

    /// <exception cref="InvalidDataException">The manifest is missing, unreadable or inconsistent.</exception>
    public static CaptionManifest ReadManifest(string directory)
    {
        var path = Path.Combine(directory, ManifestFileName);
        if (!File.Exists(path))
            throw new InvalidDataException($"{path} does not exist: the folder holds no stored captions.");
        CaptionManifest? manifest;
        try
        {
            using var stream = File.OpenRead(path);
            manifest = JsonSerializer.Deserialize<CaptionManifest>(stream, Json);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{path} is not a valid captions manifest: {exception.Message}", exception);
        }
        if (manifest is null || manifest.FormatVersion != CurrentFormatVersion || manifest.Kind != Kind)
            throw new InvalidDataException($"{path} is a '{manifest?.Kind}' manifest of version {manifest?.FormatVersion}; this build reads '{Kind}' version {CurrentFormatVersion}.");
        if (manifest.Count < 1 || !RawImageBytes.IsPlainFileName(manifest.CaptionsFile))
            throw new InvalidDataException($"{path} describes {manifest.Count} images' captions in '{manifest.CaptionsFile}': not a valid captions dataset.");
        return manifest;
    }

    /// <summary>The captions of images <paramref name="offset"/> to offset + limit - 1 (fewer at the end), reading no further.</summary>
    /// <exception cref="InvalidDataException">The captions file is missing, shorter than its manifest says, or a line is not an image's captions.</exception>
    public static IReadOnlyList<ImageCaptions> ReadCaptions(string directory, long offset, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var manifest = ReadManifest(directory);
        var path = Path.Combine(directory, manifest.CaptionsFile);
        var wanted = (int)Math.Clamp(manifest.Count - offset, 0, limit);
        var items = new List<ImageCaptions>(wanted);
        using var reader = new StreamReader(path, Encoding.UTF8);
        for (long lineNumber = 0; items.Count < wanted; lineNumber++)
        {
            var line = reader.ReadLine() ?? throw new InvalidDataException($"{path} ends after {lineNumber} lines; its manifest says {manifest.Count}.");
            if (lineNumber < offset)
                continue;
            items.Add(ParseLine(line, path, lineNumber));
        }
        return items;
    }

    /// <summary>Loads the images and every image's captions.</summary>
    /// <exception cref="InvalidDataException">A file is missing, truncated or does not match its manifest.</exception>
    public static CaptionSet Read(string directory)
    {
        var manifest = ReadManifest(directory);
        var items = ReadCaptions(directory, 0, checked((int)manifest.Count));
        var images = DatasetFile.Read(directory);
        try
        {
            if (images.Count != manifest.Count)
                throw new InvalidDataException($"{directory} holds {images.Count} images but captions for {manifest.Count}.");
            return new CaptionSet(images, items, manifest.AttributeThresholds);
        }
        catch
        {
            images.Dispose();
            throw;
        }
    }

    private static ImageCaptions ParseLine(string line, string path, long lineNumber)
    {
        try
        {
            var item = JsonSerializer.Deserialize<ImageCaptions>(line, Line);
            if (item is { Captions.Count: > 0, UnseenPhrasings: not null })
                return item;
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{path} line {lineNumber + 1} is not an image's captions: {exception.Message}", exception);
        }
        throw new InvalidDataException($"{path} line {lineNumber + 1} has no captions.");
    }
}
