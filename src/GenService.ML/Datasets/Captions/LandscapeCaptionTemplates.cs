using GenService.ML.Datasets.Landscapes;

namespace GenService.ML.Datasets.Captions;

/// <summary>
/// The phrasings of the built-in landscape captions: <see cref="Training"/> for training captions, <see cref="Unseen"/>
/// for the one caption an image gets in a phrasing no training caption uses.
/// </summary>
public static class LandscapeCaptionTemplates
{
    /// <summary>"mountains by the sea with trees at sunset under clouds", "a landscape at night: mountains, a meadow, rocks"…</summary>
    public static IReadOnlyList<Func<LandscapeContents, string>> Training { get; } =
    [
        contents => Join(Scene(contents) + Extras(contents), When(contents.Style), Sky(contents)),
        contents => $"a landscape {When(contents.Style)}: {string.Join(", ", Items(contents))}",
        contents => Join("a photo of " + Scene(contents) + Extras(contents), When(contents.Style)),
        contents => string.Join(", ", new[] { $"{Light(contents.Style)} over {Scene(contents)}", Extras(contents).Trim(), Sky(contents) }.Where(part => part.Length > 0)),
    ];

    /// <summary>"a painting of mountains above a meadow with rocks in winter", "mountains, the sea and clouds by day".</summary>
    public static IReadOnlyList<Func<LandscapeContents, string>> Unseen { get; } =
    [
        contents => Join("a painting of " + Scene(contents) + Extras(contents), When(contents.Style), Sky(contents)),
        contents => Join(AndList(Items(contents)), When(contents.Style)),
    ];

    private static string Scene(LandscapeContents contents) => contents.Sea ? "mountains by the sea" : "mountains above a meadow";

    /// <summary>" with trees and rocks", or "".</summary>
    private static string Extras(LandscapeContents contents)
    {
        var extras = new[] { contents.Trees ? "trees" : "", contents.Rocks ? "rocks" : "" }.Where(word => word.Length > 0).ToList();
        return extras.Count == 0 ? "" : " with " + AndList(extras);
    }

    private static string Sky(LandscapeContents contents) => contents.Clouds ? "under clouds" : contents.ClearSky ? "under a clear sky" : "";

    private static List<string> Items(LandscapeContents contents) =>
    [
        "mountains", contents.Sea ? "the sea" : "a meadow",
        .. new[] { contents.Trees ? "trees" : "", contents.Rocks ? "rocks" : "", contents.Clouds ? "clouds" : contents.ClearSky ? "a clear sky" : "" }.Where(word => word.Length > 0),
    ];

    private static string When(LandscapeStyle style) => style switch
    {
        LandscapeStyle.Sunset => "at sunset",
        LandscapeStyle.Night => "at night",
        LandscapeStyle.Winter => "in winter",
        _ => "by day",
    };

    private static string Light(LandscapeStyle style) => style switch
    {
        LandscapeStyle.Sunset => "sunset",
        LandscapeStyle.Night => "night",
        LandscapeStyle.Winter => "winter",
        _ => "daylight",
    };

    private static string Join(params string[] parts) => string.Join(' ', parts.Where(part => part.Length > 0));

    private static string AndList(IReadOnlyList<string> words) =>
        words.Count == 1 ? words[0] : string.Join(", ", words.Take(words.Count - 1)) + " and " + words[^1];
}
