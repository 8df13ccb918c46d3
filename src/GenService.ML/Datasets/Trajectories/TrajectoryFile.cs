using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using GenService.ML.Training;

namespace GenService.ML.Datasets.Trajectories;

/// <summary>
/// The stored form of trajectory scenes in one folder: each scene as an ETH/UCY text file in train/, val/ or test/, as
/// the published release lays them out, and manifest.json, written last. The checksum covers the files in manifest order.
/// </summary>
public static class TrajectoryFile
{
    public const int CurrentFormatVersion = 1;
    public const string Kind = "trajectories";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <param name="scenes">Scenes with names unique within their split.</param>
    public static StoredFiles Write(string directory, IReadOnlyList<TrajectoryScene> scenes)
    {
        ArgumentNullException.ThrowIfNull(scenes);
        if (scenes.Count == 0)
            throw new ArgumentException("A trajectory dataset holds at least one scene.", nameof(scenes));
        if (scenes.GroupBy(s => (s.Split, s.Name)).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"Two scenes are named '{twice.Key.Name}' in {twice.Key.Split.Folder()}/.", nameof(scenes));
        Directory.CreateDirectory(directory);

        var entries = new List<TrajectorySceneEntry>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var scene in scenes.OrderBy(s => s.Split))
        {
            var file = $"{scene.Split.Folder()}/{scene.Name}.txt";
            var path = Path.Combine(directory, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var text = new StringWriter();
            EthUcyFormat.Write(text, scene);
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            File.WriteAllBytes(path, bytes);
            hash.AppendData(bytes);
            entries.Add(new TrajectorySceneEntry(scene.Name, scene.Split, file, scene.FrameStep, scene.FrameCount, scene.PedestrianCount));
        }
        var checksum = Convert.ToHexStringLower(hash.GetHashAndReset());

        var manifest = new TrajectoryManifest(CurrentFormatVersion, Kind, EthUcyFormat.FrameSeconds, entries);
        CheckpointStore.WriteAtomically(Path.Combine(directory, DatasetFile.ManifestFileName), stream => JsonSerializer.Serialize(stream, manifest, Json));
        return new StoredFiles(checksum, new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length));
    }

    /// <exception cref="InvalidDataException">The manifest is missing, unreadable or inconsistent.</exception>
    public static TrajectoryManifest ReadManifest(string directory)
    {
        var path = Path.Combine(directory, DatasetFile.ManifestFileName);
        if (!File.Exists(path))
            throw new InvalidDataException($"{path} does not exist: the folder holds no stored trajectories.");
        TrajectoryManifest? manifest;
        try
        {
            using var stream = File.OpenRead(path);
            manifest = JsonSerializer.Deserialize<TrajectoryManifest>(stream, Json);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{path} is not a valid trajectory manifest: {exception.Message}", exception);
        }
        if (manifest is null)
            throw new InvalidDataException($"{path} is empty.");
        if (manifest.FormatVersion != CurrentFormatVersion || manifest.Kind != Kind)
            throw new InvalidDataException($"{path} is a '{manifest.Kind}' manifest of version {manifest.FormatVersion}; this build reads '{Kind}' version {CurrentFormatVersion}.");
        if (manifest.Scenes is not { Count: > 0 } || manifest.Scenes.Any(s => s.File.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(s.File)))
            throw new InvalidDataException($"{path} lists no scenes, or names files outside its folder.");
        return manifest;
    }

    /// <summary>Every scene, in manifest order (train, then validation, then test).</summary>
    public static IReadOnlyList<TrajectoryScene> Read(string directory) =>
        Read(directory, Enumerable.Range(0, ReadManifest(directory).Scenes.Count).ToList());

    /// <summary>The scenes at these positions of the manifest, in the order asked.</summary>
    /// <exception cref="InvalidDataException">A scene's file is missing or no longer reads.</exception>
    public static IReadOnlyList<TrajectoryScene> Read(string directory, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var manifest = ReadManifest(directory);
        return indices.Select(index =>
        {
            var entry = manifest.Scenes[index];
            try
            {
                using var reader = new StreamReader(Path.Combine(directory, entry.File), Encoding.UTF8);
                return EthUcyFormat.Read(reader, entry.File, entry.Name, entry.Split);
            }
            catch (Exception exception) when (exception is TrajectoryFormatException or IOException)
            {
                throw new InvalidDataException($"Stored scene {entry.File} does not read back: {exception.Message}", exception);
            }
        }).ToList();
    }
}
