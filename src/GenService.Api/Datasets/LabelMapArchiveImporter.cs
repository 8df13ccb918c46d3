using GenService.ML.Datasets;
using GenService.ML.Imaging;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace GenService.Api.Datasets;

/// <summary>
/// Turns a zip of images and their label maps into a <see cref="LabelMapSet"/> of one square size: an
/// images/ and a labels/ folder whose files pair by name without extension (x.jpg with x.png), and a
/// classes.json beside them, as ADE20K or Cityscapes-style index maps lay out after a renaming. A label
/// map is a grayscale or palette PNG of class indices, read as stored (<see cref="IndexedPng"/>).
/// </summary>
public sealed class LabelMapArchiveImporter(IOptions<DatasetOptions> options)
{
    public const string ImagesFolder = "images";
    public const string LabelsFolder = "labels";

    /// <param name="channels">1 or 3, or null: 1 when every image is gray, else 3.</param>
    /// <exception cref="DatasetImportException">The archive cannot become label maps; the message names the file at fault.</exception>
    public LabelMapSet Import(Stream archive, int imageSize, int? channels, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        using var zip = ImageArchive.Open(archive, limits);
        var pairs = PlanPairs(zip.Layout);
        var classesEntry = WrapperOf(pairs[0].Image, ImagesFolder) + ClassesJson.FileName;
        var classesFile = zip.ReadFile(classesEntry)
            ?? throw new DatasetImportException($"The archive has no '{classesEntry}' beside '{ImagesFolder}/' and '{LabelsFolder}/': it names each index of the maps and gives its colour.");
        var (classes, dontCare) = ClassesJson.Parse(classesFile, classesEntry);
        var known = new bool[256];
        foreach (var labelClass in classes)
            known[labelClass.Index] = true;
        if (dontCare is { } ignored)
            known[ignored] = true;

        var decodeChannels = channels ?? 3;
        var bytes = (long)pairs.Count * (decodeChannels + 1) * imageSize * imageSize;
        if (bytes > limits.MaxDatasetBytes)
            throw new DatasetImportException($"{pairs.Count} images and maps of {imageSize}×{imageSize} need {bytes} bytes; datasets are limited to {limits.MaxDatasetBytes}. Use a smaller imageSize or fewer images.");

        var images = empty([pairs.Count, decodeChannels, imageSize, imageSize], ScalarType.Byte);
        var maps = empty([pairs.Count, imageSize, imageSize], ScalarType.Byte);
        try
        {
            var allGray = true;
            for (var i = 0; i < pairs.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var (image, label) = pairs[i];
                var decoded = DecodeImage(zip, image, decodeChannels, limits);
                var map = DecodeMap(zip, label, limits);
                if (map.Width != decoded.Source.Width || map.Height != decoded.Source.Height)
                {
                    throw new DatasetImportException(
                        $"Entry '{label.EntryName}' is {map.Width}×{map.Height} but its image '{image.EntryName}' is {decoded.Source.Width}×{decoded.Source.Height}: a label map has its image's size.");
                }
                CheckIndices(map.Values, map.Width, label, known, classes, dontCare);
                PairArchiveImporter.SquareInto(decoded.Pixels, images[i], imageSize);
                using var slot = maps[i];
                LabelMapSquare.CentreNearest(map.Values, map.Width, map.Height, imageSize).CopyTo(slot.bytes);
                allGray &= decoded.Source.IsGrayscale;
            }
            if (channels is null && allGray)
                images = DatasetArchiveImporter.FirstPlane(images);
            return new LabelMapSet(images, maps, classes, dontCare, imageLabels: null, imageClasses: []);
        }
        catch
        {
            images.Dispose();
            maps.Dispose();
            throw;
        }
    }

    /// <summary>Pairs images/x.* with labels/x.*; every file needs its partner.</summary>
    private static List<(ArchiveImage Image, ArchiveImage Label)> PlanPairs(ArchiveLayout layout)
    {
        if (layout.Classes.Count == 0)
            throw new DatasetImportException($"A label-map archive keeps its images in '{ImagesFolder}/' and their maps in '{LabelsFolder}/'; '{layout.Images[0].EntryName}' is in neither.");
        if (layout.Classes.FirstOrDefault(folder => folder is not (ImagesFolder or LabelsFolder)) is { } other)
            throw new DatasetImportException($"A label-map archive holds '{ImagesFolder}/', '{LabelsFolder}/' and {ClassesJson.FileName}; '{other}/' is none of them.");
        var sides = layout.Images.ToLookup(image => layout.Classes[image.Label]);
        if (!sides[ImagesFolder].Any() || !sides[LabelsFolder].Any())
            throw new DatasetImportException($"A label-map archive needs both '{ImagesFolder}/' and '{LabelsFolder}/'; '{(sides[ImagesFolder].Any() ? LabelsFolder : ImagesFolder)}/' is missing or empty.");
        var images = ByBaseName(sides[ImagesFolder]);
        var labels = ByBaseName(sides[LabelsFolder]);
        if (images.FirstOrDefault(image => !labels.ContainsKey(image.Key)) is { Value.EntryName: not null } lonelyImage)
            throw new DatasetImportException($"Entry '{lonelyImage.Value.EntryName}' has no label map: '{LabelsFolder}/' needs a '{lonelyImage.Key}.png'.");
        if (labels.FirstOrDefault(label => !images.ContainsKey(label.Key)) is { Value.EntryName: not null } lonelyLabel)
            throw new DatasetImportException($"Entry '{lonelyLabel.Value.EntryName}' has no image: '{ImagesFolder}/' needs a '{lonelyLabel.Key}' image.");
        return images.OrderBy(image => image.Key, StringComparer.Ordinal).Select(image => (image.Value, labels[image.Key])).ToList();
    }

    private static Dictionary<string, ArchiveImage> ByBaseName(IEnumerable<ArchiveImage> side)
    {
        var byName = new Dictionary<string, ArchiveImage>(StringComparer.Ordinal);
        foreach (var image in side)
        {
            var name = Path.ChangeExtension(image.NameInFolder, null);
            if (!byName.TryAdd(name, image))
                throw new DatasetImportException($"Entries '{byName[name].EntryName}' and '{image.EntryName}' share the name '{name}': each image and map pairs by its name without extension.");
        }
        return byName;
    }

    /// <summary>The folders wrapping the archive, as ArchiveLayout stripped them ("" or "set/").</summary>
    private static string WrapperOf(ArchiveImage image, string folder) => image.EntryName[..^(folder.Length + 1 + image.NameInFolder.Length)];

    private static DecodedImage DecodeImage(ImageArchive zip, ArchiveImage image, int channels, DatasetOptions limits)
    {
        try
        {
            return ImageCodec.DecodeAtOwnSize(zip.Read(image), channels, maxStoredPixels: limits.MaxImagePixels, limits.MaxImagePixels);
        }
        catch (InvalidImageException exception)
        {
            throw new DatasetImportException($"Entry '{image.EntryName}' is not a usable image: {exception.Message}", exception);
        }
    }

    private static (int Width, int Height, byte[] Values) DecodeMap(ImageArchive zip, ArchiveImage label, DatasetOptions limits)
    {
        try
        {
            return IndexedPng.Decode(zip.Read(label), limits.MaxImagePixels);
        }
        catch (InvalidImageException exception)
        {
            throw new DatasetImportException($"Entry '{label.EntryName}' is not a usable label map: {exception.Message}", exception);
        }
    }

    private static void CheckIndices(byte[] values, int width, ArchiveImage label, bool[] known, IReadOnlyList<LabelClass> classes, int? dontCare)
    {
        var first = Array.FindIndex(values, value => !known[value]);
        if (first < 0)
            return;
        var unknown = values.Where(value => !known[value]).Distinct().Order().Take(10);
        throw new DatasetImportException(
            $"Entry '{label.EntryName}' holds index {string.Join(", ", unknown)} (first at x={first % width}, y={first / width}), which {ClassesJson.FileName} does not name; "
            + $"it names {string.Join(", ", classes.Select(c => c.Index))}{(dontCare is { } ignored ? $" and \"don't care\" {ignored}" : "")}.");
    }
}
