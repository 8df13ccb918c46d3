using GenService.ML.Datasets;
using GenService.ML.Imaging;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace GenService.Api.Datasets;

/// <summary>
/// Turns a zip of photos into a <see cref="PhotoSet"/>, each photo kept at its own size (scaled down to
/// Datasets:MaxPhotoPixels when larger). The photos are all at the top level, or in train/ and held-out/
/// folders: those in held-out/ are kept out of training.
/// </summary>
public sealed class PhotoArchiveImporter(IOptions<DatasetOptions> options)
{
    public const string TrainFolder = "train";
    public const string HeldOutFolder = "held-out";

    /// <param name="channels">1 or 3, or null: 1 when every photo is gray, else 3.</param>
    /// <exception cref="DatasetImportException">The archive cannot become a photo set; the message says why.</exception>
    public PhotoSet Import(Stream archive, int? channels, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        using var zip = ImageArchive.Open(archive, limits);
        var layout = zip.Layout;
        if (layout.Classes.FirstOrDefault(folder => folder is not (TrainFolder or HeldOutFolder)) is { } other)
        {
            throw new DatasetImportException(
                $"A photos archive holds its photos at the top level, or in '{TrainFolder}/' and '{HeldOutFolder}/' folders; '{other}/' is neither.");
        }

        var decodeChannels = channels ?? 3;
        var photos = new List<Photo>(layout.Images.Count);
        try
        {
            long bytes = 0;
            var allGray = true;
            foreach (var image in layout.Images)
            {
                cancellationToken.ThrowIfCancellationRequested();
                DecodedImage decoded;
                try
                {
                    decoded = ImageCodec.DecodeAtOwnSize(zip.Read(image), decodeChannels, limits.MaxPhotoPixels, limits.MaxImagePixels);
                }
                catch (InvalidImageException exception)
                {
                    throw new DatasetImportException($"Entry '{image.EntryName}' is not a usable image: {exception.Message}", exception);
                }
                allGray &= decoded.Source.IsGrayscale;
                var heldOut = image.Label >= 0 && layout.Classes[image.Label] == HeldOutFolder;
                photos.Add(new Photo(image.EntryName, decoded.Pixels, heldOut));
                bytes += decoded.Pixels.NumberOfElements;
                if (bytes > limits.MaxDatasetBytes)
                    throw new DatasetImportException($"The photos need more than {limits.MaxDatasetBytes} bytes; datasets are limited to that. Upload fewer or smaller photos.");
            }
            if (channels is null && allGray)
                photos = photos.Select(photo => photo with { Pixels = DatasetArchiveImporter.FirstPlane(photo.Pixels) }).ToList();
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
