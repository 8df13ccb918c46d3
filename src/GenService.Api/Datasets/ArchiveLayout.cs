using GenService.ML.Imaging;

namespace GenService.Api.Datasets;

/// <summary>One image entry of an archive and its label (-1 when the archive has no class folders).</summary>
/// <param name="NameInFolder">The entry's path below its class folder (or below the wrapping folders when there
/// are none): what pairs the images of A/ and B/.</param>
/// <param name="HeldOut">True for an image the archive holds out for evaluation (testA/ and testB/ of the CycleGAN layout).</param>
internal readonly record struct ArchiveImage(int EntryIndex, string EntryName, int Label, string NameInFolder, bool HeldOut = false);

/// <summary>
/// Which entries of a zip are images and what label each carries, decided from the entry names alone.
/// The layout is flat (no labels) or one folder per class (labels = folder names in ordinal order), or the published
/// CycleGAN layout (trainA/, trainB/, testA/, testB/: classes A = 0 and B = 1, the test folders held out);
/// folders wrapping everything, as when a user zips a folder, are stripped first.
/// </summary>
internal sealed record ArchiveLayout(IReadOnlyList<ArchiveImage> Images, IReadOnlyList<string> Classes)
{
    internal const string MacResourceFolder = "__MACOSX";

    /// <summary>The CycleGAN layout's folders (Zhu et al.'s datasets, e.g. horse2zebra): each domain's training and test images.</summary>
    private static readonly IReadOnlyDictionary<string, (int Label, bool HeldOut)> CycleGanFolders = new Dictionary<string, (int, bool)>(StringComparer.Ordinal)
    {
        ["trainA"] = (0, false),
        ["trainB"] = (1, false),
        ["testA"] = (0, true),
        ["testB"] = (1, true),
    };

    /// <exception cref="DatasetImportException">An entry's path is unsafe, there are no images, or the layout is mixed.</exception>
    public static ArchiveLayout Plan(IReadOnlyList<string> entryNames)
    {
        var candidates = new List<(int Index, string Name, string[] Segments)>();
        for (var i = 0; i < entryNames.Count; i++)
        {
            var name = entryNames[i];
            CheckSafe(name);
            if (name.EndsWith('/'))
                continue;
            var segments = name.Split('/');
            // Finder's resource forks and hidden files (.DS_Store, ._photo.jpg) are never images of the set.
            if (segments[0] == MacResourceFolder || segments.Any(segment => segment.StartsWith('.')))
                continue;
            // Other files (a README, labels.csv, Thumbs.db) are skipped: only the images matter.
            if (ImageFormat.FromFileName(name) is null)
                continue;
            candidates.Add((i, name, segments));
        }
        if (candidates.Count == 0)
            throw new DatasetImportException("The archive holds no PNG, JPEG or WebP images (files ending in .png, .jpg, .jpeg or .webp).");

        var depth = 0;
        while (candidates.All(c => c.Segments.Length - depth >= 2 && c.Segments[depth] == candidates[0].Segments[depth]))
            depth++;

        var atTop = candidates.FirstOrDefault(c => c.Segments.Length - depth == 1);
        var inFolder = candidates.FirstOrDefault(c => c.Segments.Length - depth > 1);
        if (atTop.Name is not null && inFolder.Name is not null)
        {
            throw new DatasetImportException(
                $"The archive mixes images outside class folders ('{atTop.Name}') with images in folders ('{inFolder.Name}'): " +
                "put every image at the top level (no labels) or each in the folder of its class.");
        }

        var ordered = candidates.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        if (inFolder.Name is null)
            return new ArchiveLayout(ordered.Select(c => new ArchiveImage(c.Index, c.Name, -1, string.Join('/', c.Segments[depth..]))).ToList(), []);

        var classes = ordered.Select(c => c.Segments[depth]).Distinct().Order(StringComparer.Ordinal).ToList();
        if (classes.Any(CycleGanFolders.ContainsKey))
            return CycleGanLayout(ordered.Select(c => (c.Index, c.Name, c.Segments[depth], string.Join('/', c.Segments[(depth + 1)..]))).ToList(), classes);
        var labels = classes.Select((name, label) => (name, label)).ToDictionary(p => p.name, p => p.label, StringComparer.Ordinal);
        return new ArchiveLayout(ordered.Select(c => new ArchiveImage(c.Index, c.Name, labels[c.Segments[depth]], string.Join('/', c.Segments[(depth + 1)..]))).ToList(), classes);
    }

    /// <summary>Domains A and B labelled 0 and 1, each from its train folder, with its test folder's images held out.</summary>
    /// <exception cref="DatasetImportException">A folder outside the layout, or a domain without training images.</exception>
    private static ArchiveLayout CycleGanLayout(IReadOnlyList<(int Index, string Name, string Folder, string NameInFolder)> images, IReadOnlyList<string> folders)
    {
        if (folders.FirstOrDefault(folder => !CycleGanFolders.ContainsKey(folder)) is { } other)
        {
            throw new DatasetImportException(
                $"The archive has folders of the CycleGAN layout (trainA/, trainB/, testA/, testB/) and also '{other}/': put every image in one of those four.");
        }
        if (new[] { "trainA", "trainB" }.FirstOrDefault(folder => !folders.Contains(folder)) is { } missing)
        {
            throw new DatasetImportException(
                $"The CycleGAN layout needs training images of both domains, in trainA/ and trainB/; the archive has no images in '{missing}/'.");
        }
        return new ArchiveLayout(
            images.Select(image => new ArchiveImage(image.Index, image.Name, CycleGanFolders[image.Folder].Label, image.NameInFolder, CycleGanFolders[image.Folder].HeldOut)).ToList(),
            ["A", "B"]);
    }

    /// <summary>
    /// Refuses names that would escape a folder if the archive were extracted: nothing is extracted
    /// here, but an archive carrying such names is malformed or hostile, and is refused whole.
    /// </summary>
    /// <exception cref="DatasetImportException">The entry's path could escape the folder it is unpacked into.</exception>
    internal static void CheckSafe(string name)
    {
        string? problem = null;
        if (name.Length == 0)
            problem = "has an empty name";
        else if (name.Contains('\\', StringComparison.Ordinal))
            problem = "uses backslashes, which Windows reads as folder separators";
        else if (name.StartsWith('/') || (name.Length >= 2 && name[1] == ':'))
            problem = "has an absolute path";
        else if (name.Any(char.IsControl))
            problem = "has control characters in its name";
        else
        {
            var segments = name.TrimEnd('/').Split('/');
            if (segments.Contains(".."))
                problem = "climbs out of the archive with '..'";
            else if (segments.Any(segment => segment is "" or "."))
                problem = "has an empty or '.' folder in its path";
        }
        if (problem is not null)
            throw new DatasetImportException($"Entry '{name}' {problem}: the archive is refused.");
    }
}
