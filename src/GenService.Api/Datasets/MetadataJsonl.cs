using System.Text.Json;

namespace GenService.Api.Datasets;

/// <summary>
/// The metadata.jsonl of an uploaded captions archive, as Hugging Face's image-folder datasets lay it out: one JSON
/// object a line, whose "file_name" is an image's path from the folder of metadata.jsonl and whose "text" is a caption
/// or a list of captions. An image may have several lines; other fields are ignored; blank lines are skipped.
/// </summary>
internal static class MetadataJsonl
{
    public const string FileName = "metadata.jsonl";

    /// <summary>The captions of each image, in layout order.</summary>
    /// <exception cref="DatasetImportException">A line is not JSON, names no image of the archive, has no or an empty
    /// caption, or one over the token limit; or an image has no line. The message names the line or the image.</exception>
    public static List<string>[] Parse(byte[] content, string entryName, IReadOnlyList<ArchiveImage> images)
    {
        var folder = entryName[..(entryName.LastIndexOf('/') + 1)];
        var indexOf = images.Select((image, index) => (image.EntryName, index)).ToDictionary(p => p.EntryName, p => p.index, StringComparer.Ordinal);
        var captions = images.Select(_ => new List<string>()).ToArray();
        foreach (var (number, line) in CaptionLines.Of(content, entryName))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var where = $"'{entryName}' line {number}";
            using var document = ParseLine(line, where);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("file_name", out var fileName) || fileName.ValueKind != JsonValueKind.String)
                throw new DatasetImportException($"{where} has no \"file_name\" string: each line is {{\"file_name\": \"a.png\", \"text\": \"a caption\"}}.");
            var given = fileName.GetString()!;
            var path = folder + (given.StartsWith("./", StringComparison.Ordinal) ? given[2..] : given);
            if (!indexOf.TryGetValue(path, out var index))
                throw new DatasetImportException($"{where}: file_name '{given}' is not an image of the archive (looked for '{path}').");
            captions[index].AddRange(Texts(root, where).Select(text => CaptionLines.Checked(text, where)));
        }
        if (images.Select((image, index) => (image, index)).FirstOrDefault(p => captions[p.index].Count == 0) is { image.EntryName: { } lonely })
            throw new DatasetImportException($"Image '{lonely}' has no caption: no line of '{entryName}' names it, and every image needs one.");
        return captions;
    }

    private static JsonDocument ParseLine(string line, string where)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException exception)
        {
            throw new DatasetImportException($"{where} is not valid JSON: {exception.Message}", exception);
        }
    }

    private static IEnumerable<string> Texts(JsonElement root, string where)
    {
        if (!root.TryGetProperty("text", out var text))
            throw new DatasetImportException($"{where} has no \"text\": give the image's caption, or a list of its captions.");
        if (text.ValueKind == JsonValueKind.String)
            return [text.GetString()!];
        if (text.ValueKind != JsonValueKind.Array || text.GetArrayLength() == 0 || text.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
            throw new DatasetImportException($"{where}: \"text\" must be a caption or a non-empty list of captions (strings).");
        return text.EnumerateArray().Select(item => item.GetString()!).ToList();
    }
}
