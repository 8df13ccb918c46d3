namespace GenService.ML.Datasets;

/// <summary>The manifest.json beside a stored label-map dataset: images, their maps, and what the indices mean.</summary>
/// <param name="Kind">"labelmaps", for people reading the folder.</param>
/// <param name="Channels">1 or 3: channels of every image.</param>
/// <param name="ImagesFile">uint8, N·C·H·W bytes, image after image, planar.</param>
/// <param name="MapsFile">uint8, N·H·W bytes: each pixel's class index.</param>
/// <param name="Classes">The classes the maps' indices name.</param>
/// <param name="DontCareIndex">An index that marks pixels losses and metrics ignore (ADE20K's 0); null when every pixel counts.</param>
/// <param name="ImageClasses">Names of the per-image labels (a landscape's style); empty when there are none.</param>
/// <param name="ImageLabelsFile">uint8, one label per image, or null when there are none.</param>
public sealed record LabelMapManifest(
    int FormatVersion, string Kind, long Count, int Channels, int Height, int Width, string ImagesFile, string MapsFile,
    IReadOnlyList<LabelClass> Classes, int? DontCareIndex, IReadOnlyList<string> ImageClasses, string? ImageLabelsFile);
