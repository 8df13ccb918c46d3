using GenService.ML.Datasets;
using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>
/// Label-map fidelity as the SPADE paper (Park et al., 2019) measures it: a segmentation network segments the
/// images generated from label maps, and its maps are compared with the input maps by mean IoU and pixel
/// accuracy. The same network on the real images of those maps gives the ceiling a generator can reach.
/// </summary>
public static class LabelMapFidelity
{
    /// <summary>Maps segmented per pass, so that a large set never holds all its predictions at once.</summary>
    private const int Chunk = 256;

    /// <summary>Scores generated images against the label maps they were generated from.</summary>
    /// <param name="images">uint8 [N, C, H, W] of the segmenter's input shape.</param>
    /// <param name="maps">Integer [N, H, W]: the input label maps.</param>
    /// <param name="dontCareIndex">The dataset's "don't care" index, whose pixels are not counted, or null.</param>
    public static LabelMapFidelityScore Score(Segmenter segmenter, Tensor images, Tensor maps, int? dontCareIndex)
    {
        if (maps.dim() != 3 || images.dim() != 4 || maps.shape[0] != images.shape[0]
            || maps.shape[1] != images.shape[2] || maps.shape[2] != images.shape[3])
            throw new ArgumentException($"Maps [{string.Join(", ", maps.shape)}] must be [N, H, W] of images [{string.Join(", ", images.shape)}].", nameof(maps));

        var confusion = new ConfusionMatrix(segmenter.ClassCount, dontCareIndex);
        for (long start = 0; start < images.shape[0]; start += Chunk)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(Chunk, images.shape[0] - start);
            confusion.Add(segmenter.Segment(images.narrow(0, start, length)), maps.narrow(0, start, length));
        }
        return new LabelMapFidelityScore(
            confusion.PixelAccuracy, confusion.MeanIntersectionOverUnion, confusion.ClassIntersectionOverUnion(), confusion.Pixels);
    }

    /// <summary>The ceiling: the segmenter on real images (held out from its training) against their own maps.</summary>
    public static LabelMapFidelityScore ScoreRealImages(Segmenter segmenter, LabelMapSet heldOut) =>
        Score(segmenter, heldOut.Images, heldOut.Maps, heldOut.DontCareIndex);
}
