using System.IO.Compression;

namespace GenService.Api.Datasets;

/// <summary>
/// An uploaded zip opened for import: its entry count checked, its images planned by <see cref="ArchiveLayout"/>,
/// and each image's bytes read on demand. Every importer reads archives through it, so every kind of
/// dataset gets the same limits.
/// </summary>
/// <remarks>
/// Zip bombs are stopped twice: by the sizes the entry headers declare, before anything is read, and
/// by counting the bytes actually inflated, since headers can lie.
/// </remarks>
internal sealed class ImageArchive : IDisposable
{
    private const int CopyBufferBytes = 81920;

    private readonly ZipArchive zip;
    private readonly DatasetOptions limits;
    private readonly MemoryStream buffer = new();
    private readonly byte[] chunk = new byte[CopyBufferBytes];
    private long inflated;

    private ImageArchive(ZipArchive zip, DatasetOptions limits, ArchiveLayout layout)
    {
        this.zip = zip;
        this.limits = limits;
        Layout = layout;
    }

    public ArchiveLayout Layout { get; }

    /// <summary>The full name of every entry, files and folders, as the archive lists them.</summary>
    public IEnumerable<string> EntryNames => zip.Entries.Select(entry => entry.FullName);

    /// <param name="archive">A seekable stream: zip readers seek to the central directory at the end.</param>
    /// <exception cref="DatasetImportException">The archive is unreadable, empty, too large or holds no images.</exception>
    public static ImageArchive Open(Stream archive, DatasetOptions limits) =>
        OpenChecked(archive, limits, entries =>
        {
            var layout = ArchiveLayout.Plan(entries.Select(e => e.FullName).ToList());
            return (layout, layout.Images.Sum(image => entries[image.EntryIndex].Length), "images");
        });

    /// <summary>An archive of other files than images (trajectory text files): its entry count and total declared size
    /// checked, its files read by <see cref="ReadFile"/> under the same limits; <see cref="Layout"/> holds no images.</summary>
    /// <param name="archive">A seekable stream.</param>
    /// <exception cref="DatasetImportException">The archive is unreadable, empty or too large.</exception>
    public static ImageArchive OpenFiles(Stream archive, DatasetOptions limits) =>
        OpenChecked(archive, limits, entries =>
        {
            foreach (var entry in entries)
                ArchiveLayout.CheckSafe(entry.FullName);
            return (new ArchiveLayout([], []), entries.Sum(entry => entry.Length), "files");
        });

    /// <summary>Opens the zip and applies the limits every archive gets: not empty, at most so many entries, and what
    /// <paramref name="plan"/> declares it will read expanding to at most so many bytes.</summary>
    /// <param name="plan">The archive's layout, the bytes its entries declare for what will be read, and what those are
    /// (for the message).</param>
    private static ImageArchive OpenChecked(
        Stream archive, DatasetOptions limits, Func<IReadOnlyList<ZipArchiveEntry>, (ArchiveLayout Layout, long DeclaredBytes, string Contents)> plan)
    {
        ArgumentNullException.ThrowIfNull(archive);
        if (!archive.CanSeek)
            throw new ArgumentException("The archive stream must be seekable.", nameof(archive));
        var zip = OpenZip(archive);
        try
        {
            var entries = zip.Entries;
            if (entries.Count == 0)
                throw new DatasetImportException("The archive is empty.");
            if (entries.Count > limits.MaxEntries)
                throw new DatasetImportException($"The archive has {entries.Count} entries; at most {limits.MaxEntries} are accepted.");
            var (layout, declared, contents) = plan(entries);
            if (declared > limits.MaxUncompressedBytes)
                throw new DatasetImportException($"The {contents} of the archive expand to {declared} bytes; at most {limits.MaxUncompressedBytes} are accepted.");
            return new ImageArchive(zip, limits, layout);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    /// <summary>The image's encoded bytes, valid until the next call.</summary>
    /// <exception cref="DatasetImportException">The entry is too large, unreadable, or inflates beyond what it or the archive may.</exception>
    public ReadOnlySpan<byte> Read(ArchiveImage image)
    {
        var entry = zip.Entries[image.EntryIndex];
        if (entry.Length > limits.MaxImageFileBytes)
            throw new DatasetImportException($"Entry '{image.EntryName}' is {entry.Length} bytes; image files are limited to {limits.MaxImageFileBytes}.");
        buffer.SetLength(0);
        inflated += ReadEntry(entry, image.EntryName, limits.MaxUncompressedBytes - inflated);
        return buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
    }

    /// <summary>Another file of the archive (a manifest such as classes.json), under the same limits as images; null when absent.</summary>
    /// <exception cref="DatasetImportException">The entry is too large or unreadable.</exception>
    public byte[]? ReadFile(string entryName)
    {
        if (zip.GetEntry(entryName) is not { } entry)
            return null;
        if (entry.Length > limits.MaxImageFileBytes)
            throw new DatasetImportException($"Entry '{entryName}' is {entry.Length} bytes; files are limited to {limits.MaxImageFileBytes}.");
        buffer.SetLength(0);
        inflated += ReadEntry(entry, entryName, limits.MaxUncompressedBytes - inflated);
        return buffer.ToArray();
    }

    public void Dispose()
    {
        zip.Dispose();
        buffer.Dispose();
    }

    private static ZipArchive OpenZip(Stream archive)
    {
        ZipArchive? zip = null;
        try
        {
            zip = new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true);
            // Reads the central directory now, so a corrupt one is reported as such rather than later.
            _ = zip.Entries.Count;
            return zip;
        }
        // A file shorter than a zip's end record makes ZipArchive seek before the start and throw
        // ArgumentOutOfRangeException rather than InvalidDataException.
        catch (Exception exception) when (exception is InvalidDataException or ArgumentOutOfRangeException or EndOfStreamException)
        {
            zip?.Dispose();
            throw new DatasetImportException($"The upload is not a readable zip archive ({exception.Message}).", exception);
        }
    }

    /// <summary>Inflates one entry into the buffer, counting the bytes as they come, and stops at the size
    /// its header declared or at what is left of the archive's budget.</summary>
    private long ReadEntry(ZipArchiveEntry entry, string name, long budget)
    {
        try
        {
            using var stream = entry.Open();
            long total = 0;
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                total += read;
                if (total > entry.Length)
                    throw new DatasetImportException($"Entry '{name}' inflates beyond the {entry.Length} bytes its header declares: the archive is corrupt or hostile.");
                if (total > budget)
                    throw new DatasetImportException("The images of the archive expand beyond the accepted total size.");
                buffer.Write(chunk, 0, read);
            }
            return total;
        }
        catch (Exception exception) when (exception is InvalidDataException or NotSupportedException or IOException)
        {
            throw new DatasetImportException($"Entry '{name}' cannot be read from the archive ({exception.Message}).", exception);
        }
    }
}
