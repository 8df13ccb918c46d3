using System.Text.Json;
using System.Text.RegularExpressions;
using GenService.ML.Datasets;

namespace GenService.Api.Datasets;

/// <summary>
/// The classes.json of an uploaded label-map archive: <c>{"classes": [{"index": 0, "name": "sky", "colour": "#78c8ff"}, ...],
/// "dontCare": 255}</c>, "dontCare" optional (ADE20K's 0, Cityscapes' 255).
/// </summary>
internal static partial class ClassesJson
{
    public const string FileName = "classes.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { AllowTrailingCommas = true, ReadCommentHandling = JsonCommentHandling.Skip };

    /// <exception cref="DatasetImportException">The file is not JSON of that shape, or names an index, a name or a colour badly.</exception>
    public static (IReadOnlyList<LabelClass> Classes, int? DontCare) Parse(byte[] json, string entryName)
    {
        Document? document;
        try
        {
            document = JsonSerializer.Deserialize<Document>(json, Json);
        }
        catch (JsonException exception)
        {
            throw new DatasetImportException($"'{entryName}' is not valid JSON ({exception.Message}).", exception);
        }
        if (document?.Classes is not { Count: > 0 } entries)
            throw new DatasetImportException($"'{entryName}' names no classes: it needs {{\"classes\": [{{\"index\": 0, \"name\": \"sky\", \"colour\": \"#78c8ff\"}}, ...]}}.");

        var classes = new List<LabelClass>();
        foreach (var (entry, position) in entries.Select((entry, position) => (entry, position)))
        {
            var where = $"'{entryName}', class {position + 1}";
            if (entry.Index is not (>= 0 and <= 255) || entry.Index is not { } index)
                throw new DatasetImportException($"{where}: \"index\" must be 0 to 255 (a label map holds 8-bit values).");
            if (string.IsNullOrWhiteSpace(entry.Name))
                throw new DatasetImportException($"{where} (index {index}): \"name\" is missing.");
            if (entry.Colour is null || !HexColour().IsMatch(entry.Colour))
                throw new DatasetImportException($"{where} ({entry.Name}): \"colour\" must be \"#rrggbb\", not \"{entry.Colour}\".");
            if (classes.FirstOrDefault(c => c.Index == index) is { } sameIndex)
                throw new DatasetImportException($"{where}: index {index} is given to both '{sameIndex.Name}' and '{entry.Name}'.");
            if (classes.Any(c => c.Name == entry.Name.Trim()))
                throw new DatasetImportException($"{where}: the name '{entry.Name}' is used twice.");
            classes.Add(new LabelClass(index, entry.Name.Trim(), entry.Colour.ToLowerInvariant()));
        }
        if (document.DontCare is < 0 or > 255)
            throw new DatasetImportException($"'{entryName}': \"dontCare\" must be an index from 0 to 255.");
        return (classes.OrderBy(c => c.Index).ToList(), document.DontCare);
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColour();

    private sealed record Document(List<Entry>? Classes, int? DontCare);

    private sealed record Entry(int? Index, string? Name, string? Colour);
}
