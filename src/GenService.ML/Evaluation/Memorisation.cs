using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>A training image near a query: its position in the training set and its Euclidean distance.</summary>
public sealed record Neighbour(long Index, double Distance);

/// <summary>
/// Did the model copy its training set? As the lecture does for GAN samples: look up a sample's nearest
/// training images, and compare how close samples come to the training set with how close new real images
/// (the held-out split) come. Works in any vector space: feature vectors, or pixels (<see cref="PixelVectors"/>).
/// </summary>
public static class Memorisation
{
    /// <summary>The k nearest training vectors of one query, nearest first.</summary>
    /// <param name="query">[1, D]</param>
    /// <param name="train">[N, D] with N ≥ k, of any numeric type.</param>
    public static IReadOnlyList<Neighbour> Nearest(Tensor query, Tensor train, int k)
    {
        if (query.dim() != 2 || query.shape[0] != 1)
            throw new ArgumentException("Expected one query [1, D].", nameof(query));
        using var scope = NewDisposeScope();
        var (squared, indices) = NearestNeighbours.Nearest(query, train, k);
        var distances = squared[0].sqrt().data<double>().ToArray();
        var positions = indices[0].data<long>().ToArray();
        return [.. positions.Zip(distances, (index, distance) => new Neighbour(index, distance))];
    }

    /// <summary>Euclidean distance from each query to its nearest training vector.</summary>
    /// <param name="queries">[Q, D]</param>
    /// <param name="train">[N, D]</param>
    /// <returns>[Q] float64</returns>
    public static Tensor NearestDistances(Tensor queries, Tensor train)
    {
        using var scope = NewDisposeScope();
        var (squared, _) = NearestNeighbours.Nearest(queries, train, 1);
        return squared.select(1, 0).sqrt().contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>The typical distance of a new real image to the training set: the median over the
    /// held-out images of the distance to their nearest training image.</summary>
    public static double TypicalDistance(Tensor heldOut, Tensor train)
    {
        using var distances = NearestDistances(heldOut, train);
        // The lower median, as torch.median: an actual held-out distance, never an average of two.
        return distances.median().item<double>();
    }

    /// <summary>Share of samples whose nearest training vector is strictly closer than <paramref name="threshold"/>.</summary>
    public static double ShareCloserThan(Tensor samples, Tensor train, double threshold)
    {
        using var scope = NewDisposeScope();
        return NearestDistances(samples, train).lt(threshold).to_type(ScalarType.Float64).mean().item<double>();
    }
}

/// <summary>Images as flat pixel vectors for nearest-neighbour search, in the units of [0, 1] pixel values.</summary>
public static class PixelVectors
{
    /// <summary>Multiply a distance between <see cref="Of"/> vectors by this to get it in [0, 1] pixel units.</summary>
    public const double ToUnitDistance = 1.0 / 255;

    /// <summary>uint8 images [N, C, H, W] as a [N, C·H·W] view, without copying: the search converts one
    /// block at a time, so the training set is never held as float64.</summary>
    public static Tensor Of(Tensor images)
    {
        if (images.dtype != ScalarType.Byte || images.dim() != 4)
            throw new ArgumentException("Expected uint8 images [N, C, H, W].", nameof(images));
        return images.flatten(1);
    }
}
