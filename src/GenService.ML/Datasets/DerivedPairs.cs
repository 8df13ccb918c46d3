using static TorchSharp.torch;

namespace GenService.ML.Datasets;

/// <summary>
/// Image pairs made from a plain image dataset: the image is the target B, and the input A is derived
/// from it (<see cref="PairDerivation"/>), as edges2shoes pairs photos with their edges.
/// </summary>
public static class DerivedPairs
{
    /// <summary>Pixels per chunk: derivations work on float copies, never of the whole dataset at once.</summary>
    private const long ChunkPixels = 1 << 20;

    public static ImagePairs From(DatasetTensors images, PairDerivation derivation) => derivation switch
    {
        PairDerivation.Edges => Edges(images),
        PairDerivation.Grayscale => Grayscale(images),
        _ => throw new ArgumentOutOfRangeException(nameof(derivation), derivation, null),
    };

    /// <summary>A: the image's edges as a one-channel line drawing (<see cref="CannyEdgeDetector.Draw"/>); B: the image.</summary>
    public static ImagePairs Edges(DatasetTensors images, CannyEdgeDetector? detector = null)
    {
        var edges = detector ?? new CannyEdgeDetector();
        return new ImagePairs(InChunks(images.Images, edges.Draw), images.Images.clone());
    }

    /// <summary>A: the image's BT.601 luma, rounded to uint8 (<see cref="Luma"/>); B: the colour image.</summary>
    /// <exception cref="ArgumentException">The images are not colour: their luma would be the image itself.</exception>
    public static ImagePairs Grayscale(DatasetTensors images)
    {
        if (images.Shape.Channels != 3)
            throw new ArgumentException(
                $"Grayscale-to-colour pairs need colour (3-channel) images; these have {images.Shape.Channels} channel(s).", nameof(images));
        return new ImagePairs(InChunks(images.Images, chunk => Luma.Of(chunk).round_().clamp_(0, 255).to_type(ScalarType.Byte)), images.Images.clone());
    }

    /// <param name="images">uint8 [N, C, H, W]</param>
    /// <param name="derive">uint8 [n, C, H, W] to uint8 [n, C', H, W]</param>
    private static Tensor InChunks(Tensor images, Func<Tensor, Tensor> derive)
    {
        using var scope = NewDisposeScope();
        var count = images.shape[0];
        var chunk = Math.Max(1, ChunkPixels / (images.shape[1] * images.shape[2] * images.shape[3]));
        var parts = new List<Tensor>();
        for (long start = 0; start < count; start += chunk)
        {
            using var partScope = NewDisposeScope();
            parts.Add(derive(images.narrow(0, start, Math.Min(chunk, count - start))).MoveToOuterDisposeScope());
        }
        return (parts.Count == 0 ? derive(images) : cat(parts, 0)).MoveToOuterDisposeScope();
    }
}
