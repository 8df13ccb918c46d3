using System.Security.Cryptography;
using System.Text.Json;
using GenService.ML.Training;
using static TorchSharp.torch;

namespace GenService.ML.Datasets;

/// <summary>
/// The stored form of a <see cref="PhotoSet"/> in one folder: photos.u8 (every photo's planar bytes, one
/// after another) and manifest.json (each photo's size, offset and held-out flag), written last.
/// </summary>
public static class PhotoFile
{
    public const int CurrentFormatVersion = 1;
    public const string Kind = "photos";
    public const string PixelsFileName = "photos.u8";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static StoredFiles Write(string directory, PhotoSet photos)
    {
        ArgumentNullException.ThrowIfNull(photos);
        Directory.CreateDirectory(directory);
        var entries = new List<PhotoEntry>(photos.Count);
        long offset = 0;
        string checksum;
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            using (var stream = new FileStream(Path.Combine(directory, PixelsFileName), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                foreach (var photo in photos.Photos)
                {
                    var entry = new PhotoEntry(photo.Name, photo.Height, photo.Width, offset, photo.HeldOut);
                    RawImageBytes.Write(stream, photo.Pixels, hash);
                    entries.Add(entry);
                    offset += entry.Bytes(photos.Channels);
                }
                stream.Flush(flushToDisk: true);
            }
            checksum = Convert.ToHexStringLower(hash.GetHashAndReset());
        }

        var manifest = new PhotoManifest(CurrentFormatVersion, Kind, photos.Channels, PixelsFileName, entries);
        CheckpointStore.WriteAtomically(Path.Combine(directory, DatasetFile.ManifestFileName), stream => JsonSerializer.Serialize(stream, manifest, Json));
        return new StoredFiles(checksum, new DirectoryInfo(directory).EnumerateFiles().Sum(file => file.Length));
    }

    /// <exception cref="InvalidDataException">The manifest is missing, unreadable or inconsistent.</exception>
    public static PhotoManifest ReadManifest(string directory)
    {
        var manifest = DatasetFile.ReadManifestJson<PhotoManifest>(directory, "photos", "photo", out var path);

        if (manifest?.Photos is null || manifest.Photos.Count == 0)
            throw new InvalidDataException($"{path} lists no photos.");
        if (manifest.FormatVersion != CurrentFormatVersion || manifest.Kind != Kind)
            throw new InvalidDataException($"{path} is a '{manifest.Kind}' manifest of version {manifest.FormatVersion}; this build reads '{Kind}' version {CurrentFormatVersion}.");
        if (manifest.Channels is not (1 or 3) || !RawImageBytes.IsPlainFileName(manifest.PixelsFile))
            throw new InvalidDataException($"{path} has {manifest.Channels} channels or names a file outside its folder.");
        long offset = 0;
        foreach (var photo in manifest.Photos)
        {
            if (photo.Height < 1 || photo.Width < 1 || photo.Offset != offset)
                throw new InvalidDataException($"{path}: photo '{photo.Name}' ({photo.Width}×{photo.Height} at byte {photo.Offset}) does not follow the one before it.");
            offset += photo.Bytes(manifest.Channels);
        }
        return manifest;
    }

    /// <summary>Loads every photo, checking the pixels file against the manifest.</summary>
    /// <exception cref="InvalidDataException">The files are missing, truncated or too long.</exception>
    public static PhotoSet Read(string directory) => Read(directory, Enumerable.Range(0, ReadManifest(directory).Photos.Count).ToList());

    /// <summary>Loads only the photos at <paramref name="indices"/>, in that order, seeking in the pixels file.</summary>
    public static PhotoSet Read(string directory, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var manifest = ReadManifest(directory);
        var pixelsPath = Path.Combine(directory, manifest.PixelsFile);
        RawImageBytes.CheckLength(pixelsPath, manifest.TotalBytes, $"{manifest.Photos.Count} photos of {manifest.Channels} channels");
        foreach (var index in indices)
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)manifest.Photos.Count, nameof(indices));

        var photos = new List<Photo>(indices.Count);
        try
        {
            using var stream = new FileStream(pixelsPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            foreach (var index in indices)
            {
                var entry = manifest.Photos[index];
                var pixels = empty([manifest.Channels, entry.Height, entry.Width], ScalarType.Byte);
                photos.Add(new Photo(entry.Name, pixels, entry.HeldOut));
                stream.Position = entry.Offset;
                RawImageBytes.ReadExactly(stream, pixels.bytes, pixelsPath);
            }
            return new PhotoSet(photos);
        }
        catch
        {
            foreach (var photo in photos)
                photo.Pixels.Dispose();
            throw;
        }
    }
}
