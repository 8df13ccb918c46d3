using GenService.ML.Datasets;
using GenService.ML.Imaging;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace GenService.Api.Datasets;

/// <summary>An image archive's images, and the positions of those it held out (the CycleGAN layout's test folders), or null.</summary>
public sealed record ImportedImages(DatasetTensors Images, IReadOnlyList<long>? HeldOut) : IDisposable
{
    public void Dispose() => Images.Dispose();
}

/// <summary>
/// Turns a zip of PNG/JPEG/WebP images into dataset tensors: entries are read one at a time, each
/// decoded, centre-cropped and resized straight into its slot of one uint8 [N, C, S, S] tensor.
/// </summary>
public sealed class DatasetArchiveImporter(IOptions<DatasetOptions> options)
{
    /// <param name="archive">A seekable stream: zip readers seek to the central directory at the end
    /// (a non-seekable stream would be copied into memory whole).</param>
    /// <param name="channels">1 or 3, or null: 1 when every image is gray, else 3.</param>
    /// <exception cref="DatasetImportException">The archive cannot become a dataset; the message says why.</exception>
    public ImportedImages Import(Stream archive, int imageSize, int? channels, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        using var zip = ImageArchive.Open(archive, limits);
        var layout = zip.Layout;
        var images = DecodeImages(zip, imageSize, channels, limits, cancellationToken);
        var labels = layout.Classes.Count == 0 ? null : tensor(layout.Images.Select(image => (long)image.Label).ToArray(), ScalarType.Int64);
        var heldOut = Enumerable.Range(0, layout.Images.Count).Where(i => layout.Images[i].HeldOut).Select(i => (long)i).ToList();
        return new ImportedImages(new DatasetTensors(images, labels, layout.Classes), heldOut.Count > 0 ? heldOut : null);
    }

    /// <summary>
    /// Every image of the archive's layout, decoded, centre-cropped and resized into its slot of one uint8
    /// [N, C, S, S] tensor, in layout order.
    /// </summary>
    /// <param name="channels">1 or 3, or null: 1 when every image is gray, else 3.</param>
    /// <exception cref="DatasetImportException">An image is unusable (the message names it), or they need more than Datasets:MaxDatasetBytes.</exception>
    internal static Tensor DecodeImages(ImageArchive zip, int imageSize, int? channels, DatasetOptions limits, CancellationToken cancellationToken)
    {
        var layout = zip.Layout;
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
            var allGray = true;
            for (var i = 0; i < layout.Images.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var image = layout.Images[i];
                using var slot = images[i];
                try
                {
                    allGray &= ImageCodec.DecodeInto(zip.Read(image), imageSize, decodeChannels, slot.bytes, limits.MaxImagePixels).IsGrayscale;
                }
                catch (InvalidImageException exception)
                {
                    throw new DatasetImportException($"Entry '{image.EntryName}' is not a usable image: {exception.Message}", exception);
                }
            }
            return channels is null && allGray ? FirstPlane(images) : images;
        }
        catch
        {
            images.Dispose();
            throw;
        }
    }

    /// <summary>The first of a batch's three equal planes, as a new tensor; the batch is disposed.</summary>
    internal static Tensor FirstPlane(Tensor images)
    {
        Tensor gray;
        using (var firstPlane = images.narrow(-3, 0, 1))
            gray = firstPlane.contiguous();
        images.Dispose();
        return gray;
    }
}
