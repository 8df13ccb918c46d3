namespace GenService.ML.Datasets;

/// <summary>The manifest.json beside a stored pair dataset: two raw files, A and B, of the same count and size.</summary>
/// <param name="FormatVersion">Bumped when the layout changes; readers refuse versions they do not know.</param>
/// <param name="Kind">"pairs", for people reading the folder.</param>
/// <param name="ChannelsA">1 or 3: channels of every A image.</param>
/// <param name="ChannelsB">1 or 3: channels of every B image.</param>
/// <param name="AFile">uint8, N·Ca·H·W bytes, image after image, planar.</param>
/// <param name="BFile">uint8, N·Cb·H·W bytes, image after image, planar.</param>
/// <param name="Splits">The archive's train/, val/ and test/ folders, in stored order and covering every pair; null
/// when it had no such folders (and in manifests written before splits were kept).</param>
public sealed record PairManifest(
    int FormatVersion, string Kind, long Count, int ChannelsA, int ChannelsB, int Height, int Width, string AFile, string BFile, IReadOnlyList<PairSplit>? Splits = null);
