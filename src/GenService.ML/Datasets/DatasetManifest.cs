namespace GenService.ML.Datasets;

/// <summary>
/// The manifest.json beside a stored dataset's raw files: what the bytes are, so a reader can check
/// the files against it before trusting them.
/// </summary>
/// <param name="FormatVersion">Bumped when the layout changes; readers refuse versions they do not know.</param>
/// <param name="Count">Number of images.</param>
/// <param name="Channels">1 (gray) or 3 (RGB).</param>
/// <param name="Classes">Class names indexed by label; empty when there are no labels.</param>
/// <param name="ImagesFile">uint8, N·C·H·W bytes, image after image, each planar (NCHW).</param>
/// <param name="LabelsFile">Little-endian integers, one per image, or null when unlabelled.</param>
/// <param name="LabelType">"int64" or "int32": the width of each label.</param>
public sealed record DatasetManifest(
    int FormatVersion,
    long Count,
    int Channels,
    int Height,
    int Width,
    IReadOnlyList<string> Classes,
    string ImagesFile,
    string? LabelsFile,
    string? LabelType)
{
    public long BytesPerImage => (long)Channels * Height * Width;
}
