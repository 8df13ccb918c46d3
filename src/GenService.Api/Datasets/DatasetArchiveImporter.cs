using System.IO.Compression;
using GenService.ML.Datasets;
using GenService.ML.Imaging;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace GenService.Api.Datasets;

/// <summary>
/// Turns a zip of PNG/JPEG/WebP images into dataset tensors: entries are read one at a time, each
/// decoded, centre-cropped and resized straight into its slot of one uint8 [N, C, S, S] tensor.
/// </summary>
/// <remarks>
/// Zip bombs are stopped twice: by the sizes the entry headers declare, before anything is read, and
/// by counting the bytes actually inflated, since headers can lie.
/// </remarks>
public sealed class DatasetArchiveImporter(IOptions<DatasetOptions> options)
{
    private const int CopyBufferBytes = 81920;

    /// <param name="archive">A seekable stream: zip readers seek to the central directory at the end
    /// (a non-seekable stream would be copied into memory whole).</param>
    /// <param name="channels">1 or 3, or null: 1 when every image is gray, else 3.</param>
    /// <exception cref="DatasetImportException">The archive cannot become a dataset; the message says why.</exception>
    public DatasetTensors Import(Stream archive, int imageSize, int? channels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);
        if (!archive.CanSeek)
            throw new ArgumentException("The archive stream must be seekable.", nameof(archive));
        var limits = options.Value;

        using var zip = OpenZip(archive);
        var entries = zip.Entries;
        if (entries.Count == 0)
            throw new DatasetImportException("The archive is empty.");
        if (entries.Count > limits.MaxEntries)
            throw new DatasetImportException($"The archive has {entries.Count} entries; at most {limits.MaxEntries} are accepted.");

        var layout = ArchiveLayout.Plan(entries.Select(e => e.FullName).ToList());
        var declared = layout.Images.Sum(image => entries[image.EntryIndex].Length);
        if (declared > limits.MaxUncompressedBytes)
            throw new DatasetImportException($"The images of the archive expand to {declared} bytes; at most {limits.MaxUncompressedBytes} are accepted.");
        // Unknown channels decode as RGB; an all-gray set keeps one of three equal planes at the end.
        var decodeChannels = channels ?? 3;
        var tensorBytes = (long)layout.Images.Count * decodeChannels * imageSize * imageSize;
        if (tensorBytes > limits.MaxDatasetBytes)
        {
            throw new DatasetImportException(
                $"{layout.Images.Count} images of {decodeChannels}×{imageSize}×{imageSize} need {tensorBytes} bytes; datasets are limited to {limits.MaxDatasetBytes}. Use a smaller imageSize or fewer images.");
        }

        var images = empty([layout.Images.Count, decodeChannels, imageSize, imageSize], ScalarType.Byte);
        try
        {
            var allGray = DecodeAll(entries, layout, images, imageSize, decodeChannels, limits, cancellationToken);
            if (channels is null && allGray)
            {
                Tensor gray;
                using (var firstPlane = images.narrow(1, 0, 1))
                    gray = firstPlane.contiguous();
                images.Dispose();
                images = gray;
            }
            var labels = layout.Classes.Count == 0 ? null : tensor(layout.Images.Select(image => (long)image.Label).ToArray(), ScalarType.Int64);
            return new DatasetTensors(images, labels, layout.Classes);
        }
        catch
        {
            images.Dispose();
            throw;
        }
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

    /// <summary>Decodes every image into its slot; returns whether every source image was gray.</summary>
    private static bool DecodeAll(
        IReadOnlyList<ZipArchiveEntry> entries,
        ArchiveLayout layout,
        Tensor images,
        int imageSize,
        int channels,
        DatasetOptions limits,
        CancellationToken cancellationToken)
    {
        var allGray = true;
        long inflated = 0;
        using var buffer = new MemoryStream();
        var chunk = new byte[CopyBufferBytes];
        for (var i = 0; i < layout.Images.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var image = layout.Images[i];
            var entry = entries[image.EntryIndex];
            if (entry.Length > limits.MaxImageFileBytes)
                throw new DatasetImportException($"Entry '{image.EntryName}' is {entry.Length} bytes; image files are limited to {limits.MaxImageFileBytes}.");

            buffer.SetLength(0);
            inflated += ReadEntry(entry, image.EntryName, buffer, chunk, limits.MaxUncompressedBytes - inflated);
            using var slot = images[i];
            try
            {
                var source = ImageCodec.DecodeInto(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), imageSize, channels, slot.bytes, limits.MaxImagePixels);
                allGray &= source.IsGrayscale;
            }
            catch (InvalidImageException exception)
            {
                throw new DatasetImportException($"Entry '{image.EntryName}' is not a usable image: {exception.Message}", exception);
            }
        }
        return allGray;
    }

    /// <summary>Inflates one entry into <paramref name="buffer"/>, counting the bytes as they come, and
    /// stops at the size its header declared or at what is left of the archive's budget.</summary>
    private static long ReadEntry(ZipArchiveEntry entry, string name, MemoryStream buffer, byte[] chunk, long budget)
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
