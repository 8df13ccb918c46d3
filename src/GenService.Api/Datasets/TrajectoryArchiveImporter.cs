using System.Text;
using GenService.ML.Datasets.Trajectories;
using Microsoft.Extensions.Options;

namespace GenService.Api.Datasets;

/// <summary>
/// Reads a zip of ETH/UCY scene files as Gupta et al. release them (datasets/eth/train/biwi_hotel_train.txt, ...): every
/// .txt file in a train/, val/ or test/ folder, under any wrapping folders, is one scene of that split. Other files
/// (a README.txt beside the folders), __MACOSX/ and hidden files are ignored.
/// </summary>
public sealed class TrajectoryArchiveImporter(IOptions<DatasetOptions> options)
{
    private const string TextExtension = ".txt";

    /// <exception cref="DatasetImportException">The archive has no training or no validation scene, a scene file shares
    /// its name with another of its split, or a file does not read (naming its line).</exception>
    public IReadOnlyList<TrajectoryScene> Import(Stream archive, CancellationToken cancellationToken)
    {
        using var zip = ImageArchive.OpenFiles(archive, options.Value);
        var scenes = new List<(TrajectoryScene Scene, string Entry)>();
        foreach (var entry in zip.EntryNames.Where(IsSceneFile).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var segments = entry.Split('/');
            if (segments.Length < 2 || TrajectorySplitFolders.FromFolder(segments[^2]) is not { } split)
                continue;
            var name = Path.GetFileNameWithoutExtension(segments[^1]);
            if (scenes.FirstOrDefault(s => s.Scene.Split == split && s.Scene.Name == name) is { Entry: { } other })
                throw new DatasetImportException($"'{entry}' and '{other}' are both scene '{name}' of {split.Folder()}/: rename one.");
            var bytes = zip.ReadFile(entry)!;
            try
            {
                using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8);
                scenes.Add((EthUcyFormat.Read(reader, entry, name, split), entry));
            }
            catch (TrajectoryFormatException exception)
            {
                throw new DatasetImportException(exception.Message, exception);
            }
        }
        foreach (var needed in new[] { TrajectorySplit.Train, TrajectorySplit.Validation })
        {
            if (scenes.All(s => s.Scene.Split != needed))
                throw new DatasetImportException($"The archive has no scene file (.txt) in a {needed.Folder()}/ folder; training needs train/ and val/ scenes (test/ is optional).");
        }
        return scenes.Select(s => s.Scene).ToList();
    }

    private static bool IsSceneFile(string entry)
    {
        if (entry.EndsWith('/') || !entry.EndsWith(TextExtension, StringComparison.OrdinalIgnoreCase))
            return false;
        var segments = entry.Split('/');
        return segments[0] != ArchiveLayout.MacResourceFolder && !segments.Any(segment => segment.StartsWith('.'));
    }
}
