using System.Text.Json.Serialization;
using static TorchSharp.torch;

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
/// <param name="HeldOut">Positions of the images the archive held out (the CycleGAN layout's testA/ and testB/), ascending;
/// null when it held none out and runs split off a seeded share.</param>
public sealed record DatasetManifest(
    int FormatVersion,
    long Count,
    int Channels,
    int Height,
    int Width,
    IReadOnlyList<string> Classes,
    string ImagesFile,
    string? LabelsFile,
    string? LabelType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<long>? HeldOut = null)
{
    public long BytesPerImage => (long)Channels * Height * Width;

    /// <summary>The positions a run trains on and holds out: the archive's own held-out images where it had some,
    /// otherwise <see cref="DatasetTensors.SplitIndices"/>'s seeded share.</summary>
    /// <returns>int64 [train] and [held out] positions.</returns>
    public (Tensor Train, Tensor HeldOut) TrainAndHeldOut(double validationFraction, long seed)
    {
        if (HeldOut is null)
            return DatasetTensors.SplitIndices(Count, validationFraction, seed);
        var heldOut = HeldOut.ToHashSet();
        var train = Enumerable.Range(0, checked((int)Count)).Select(i => (long)i).Where(i => !heldOut.Contains(i)).ToArray();
        return (tensor(train), tensor(HeldOut.ToArray()));
    }
}
