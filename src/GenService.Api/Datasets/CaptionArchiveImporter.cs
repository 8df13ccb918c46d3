using GenService.ML.Datasets;
using GenService.ML.Datasets.Captions;
using Microsoft.Extensions.Options;

namespace GenService.Api.Datasets;

/// <summary>
/// Turns a zip of images and their captions into a <see cref="CaptionSet"/> of one square size. The images lie at the
/// top level, or in train/ and held-out/ folders (those in held-out/ are kept out of training); their captions come
/// from one metadata.jsonl (<see cref="MetadataJsonl"/>) or, when there is none, from a .txt beside each image with
/// one caption a line (a.png with a.txt). Each caption is at most <see cref="ML.Text.PromptTokenizer.MaxTokens"/> tokens.
/// </summary>
public sealed class CaptionArchiveImporter(IOptions<DatasetOptions> options)
{
    private const string MacResourceFolder = "__MACOSX";

    /// <param name="channels">1 or 3, or null: 1 when every image is gray, else 3.</param>
    /// <exception cref="DatasetImportException">The archive cannot become a captions dataset; the message names the file and line at fault.</exception>
    public CaptionSet Import(Stream archive, int imageSize, int? channels, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        using var zip = ImageArchive.Open(archive, limits);
        var layout = zip.Layout;
        if (layout.Classes.FirstOrDefault(folder => folder is not (PhotoArchiveImporter.TrainFolder or PhotoArchiveImporter.HeldOutFolder)) is { } other)
        {
            throw new DatasetImportException(
                $"A captions archive holds its images at the top level, or in '{PhotoArchiveImporter.TrainFolder}/' and '{PhotoArchiveImporter.HeldOutFolder}/' folders; '{other}/' is neither.");
        }

        var captions = ReadCaptions(zip);
        var images = DatasetArchiveImporter.DecodeImages(zip, imageSize, channels, limits, cancellationToken);
        var items = layout.Images.Select((image, i) => new ImageCaptions(
            captions[i], [], HeldOut: image.Label >= 0 && layout.Classes[image.Label] == PhotoArchiveImporter.HeldOutFolder));
        return new CaptionSet(new DatasetTensors(images, null, []), [.. items], attributeThresholds: null);
    }

    private static List<string>[] ReadCaptions(ImageArchive zip)
    {
        var metadata = zip.EntryNames.Where(IsMetadataFile).ToList();
        if (metadata.Count > 1)
            throw new DatasetImportException($"The archive has {metadata.Count} {MetadataJsonl.FileName} files ('{metadata[0]}', '{metadata[1]}'): keep one, naming each image by its path from its folder.");
        return metadata.Count == 1
            ? MetadataJsonl.Parse(zip.ReadFile(metadata[0])!, metadata[0], zip.Layout.Images)
            : [.. zip.Layout.Images.Select(image => TextFileCaptions(zip, image))];
    }

    private static bool IsMetadataFile(string entryName)
    {
        var segments = entryName.Split('/');
        return segments[^1] == MetadataJsonl.FileName && segments[0] != MacResourceFolder && !segments.Any(segment => segment.StartsWith('.'));
    }

    /// <summary>The captions of the .txt beside the image: one a line, blank lines skipped.</summary>
    private static List<string> TextFileCaptions(ImageArchive zip, ArchiveImage image)
    {
        var textName = Path.ChangeExtension(image.EntryName, ".txt");
        var content = zip.ReadFile(textName)
            ?? throw new DatasetImportException($"Image '{image.EntryName}' has no caption: add '{textName}' with one caption a line, or a {MetadataJsonl.FileName} naming every image.");
        var captions = CaptionLines.Of(content, textName)
            .Where(line => !string.IsNullOrWhiteSpace(line.Text))
            .Select(line => CaptionLines.Checked(line.Text, $"'{textName}' line {line.Number}"))
            .ToList();
        return captions.Count > 0
            ? captions
            : throw new DatasetImportException($"Image '{image.EntryName}' has no caption: '{textName}' holds no line of text.");
    }
}
