using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>
/// Exact k-nearest-neighbour search in feature space, in blocks of query × reference rows, so memory
/// stays at one block whatever the set sizes (a 50k × 50k distance matrix would be 20 GB in float64).
/// Shared by precision/recall and the memorisation check. Distances are squared Euclidean, float64.
/// </summary>
public static class NearestNeighbours
{
    /// <summary>Rows per block: a 1024 × 1024 float64 block is 8 MB.</summary>
    public const int DefaultChunkSize = 1024;

    /// <summary>‖a_i − b_j‖² = ‖a_i‖² + ‖b_j‖² − 2 a_i·b_j, clamped at 0 where rounding makes it negative.</summary>
    /// <param name="a">[A, D]</param>
    /// <param name="b">[B, D]</param>
    /// <returns>[A, B] float64</returns>
    public static Tensor SquaredDistances(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        var a64 = a.to_type(ScalarType.Float64);
        var b64 = b.to_type(ScalarType.Float64).to(a.device);
        var distances = a64.square().sum(1, keepdim: true) + b64.square().sum(1).unsqueeze(0) - 2 * a64.mm(b64.t());
        return distances.clamp_min_(0).MoveToOuterDisposeScope();
    }

    /// <summary>The k nearest references of every query, nearest first.</summary>
    /// <param name="queries">[Q, D]</param>
    /// <param name="references">[R, D] with R ≥ k, of any numeric type: each block is converted to float64
    /// only when it is compared, so e.g. a whole training set of uint8 pixels is never copied as float64.</param>
    /// <returns>Squared distances [Q, k] float64 and reference indices [Q, k] int64.</returns>
    public static (Tensor SquaredDistances, Tensor Indices) Nearest(Tensor queries, Tensor references, int k, int chunkSize = DefaultChunkSize)
    {
        using var scope = NewDisposeScope();
        var q = MetricInputs.FeaturesAsFloat64(queries, nameof(queries));
        var r = MetricInputs.CheckFeatures(references, nameof(references));
        MetricInputs.CheckSameDimension(q, r);
        CheckChunkSize(chunkSize);
        if (k < 1 || k > r.shape[0])
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and the {r.shape[0]} references.");

        var distanceBlocks = new List<Tensor>();
        var indexBlocks = new List<Tensor>();
        for (long start = 0; start < q.shape[0]; start += chunkSize)
        {
            var (distances, indices) = NearestForBlock(q.narrow(0, start, Math.Min(chunkSize, q.shape[0] - start)), r, k, chunkSize);
            distanceBlocks.Add(distances);
            indexBlocks.Add(indices);
        }
        return (cat(distanceBlocks, 0).MoveToOuterDisposeScope(), cat(indexBlocks, 0).MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Squared distance from each sample to its k-th nearest other sample of the same set: the radius
    /// of its hypersphere in the k-NN manifold estimate of Kynkäänniemi et al. (2019).
    /// </summary>
    /// <param name="features">[N, D] with N &gt; k</param>
    /// <returns>[N] float64</returns>
    public static Tensor KthNeighbourSquaredRadii(Tensor features, int k, int chunkSize = DefaultChunkSize)
    {
        if (k < 1 || k >= features.shape[0])
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and {features.shape[0] - 1} (one less than the samples).");
        using var scope = NewDisposeScope();
        // k + 1 because every sample is its own nearest neighbour at distance 0.
        var (distances, _) = Nearest(features, features, k + 1, chunkSize);
        return distances.select(1, k).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Whether each query lies inside at least one reference's hypersphere: ‖q − r_j‖² ≤ radius_j².</summary>
    /// <param name="queries">[Q, D]</param>
    /// <param name="references">[R, D]</param>
    /// <param name="squaredRadii">[R], e.g. from <see cref="KthNeighbourSquaredRadii"/>.</param>
    /// <returns>[Q] bool</returns>
    public static Tensor WithinAnyRadius(Tensor queries, Tensor references, Tensor squaredRadii, int chunkSize = DefaultChunkSize)
    {
        using var scope = NewDisposeScope();
        var q = MetricInputs.FeaturesAsFloat64(queries, nameof(queries));
        var r = MetricInputs.FeaturesAsFloat64(references, nameof(references)).to(q.device);
        MetricInputs.CheckSameDimension(q, r);
        CheckChunkSize(chunkSize);
        if (squaredRadii.dim() != 1 || squaredRadii.shape[0] != r.shape[0])
            throw new ArgumentException("There must be one radius per reference.", nameof(squaredRadii));
        var radii = squaredRadii.to_type(ScalarType.Float64).to(q.device);

        var blocks = new List<Tensor>();
        for (long start = 0; start < q.shape[0]; start += chunkSize)
        {
            using var blockScope = NewDisposeScope();
            var block = q.narrow(0, start, Math.Min(chunkSize, q.shape[0] - start));
            var inside = zeros(block.shape[0], dtype: ScalarType.Bool, device: q.device);
            for (long offset = 0; offset < r.shape[0]; offset += chunkSize)
            {
                // Its own scope, so each block's distances are freed before the next is computed.
                using var referenceScope = NewDisposeScope();
                var length = Math.Min(chunkSize, r.shape[0] - offset);
                var distances = SquaredDistances(block, r.narrow(0, offset, length));
                inside.logical_or_(distances.le(radii.narrow(0, offset, length).unsqueeze(0)).any(1));
            }
            blocks.Add(inside.MoveToOuterDisposeScope());
        }
        return cat(blocks, 0).MoveToOuterDisposeScope();
    }

    /// <summary>Keeps a running k best over reference blocks, so only one block of distances is alive at a time.</summary>
    private static (Tensor Distances, Tensor Indices) NearestForBlock(Tensor queryBlock, Tensor references, int k, int chunkSize)
    {
        Tensor? best = null, bestIndices = null;
        for (long offset = 0; offset < references.shape[0]; offset += chunkSize)
        {
            using var blockScope = NewDisposeScope();
            var length = Math.Min(chunkSize, references.shape[0] - offset);
            var distances = SquaredDistances(queryBlock, references.narrow(0, offset, length));
            var (values, indices) = distances.topk((int)Math.Min(k, length), dim: 1, largest: false, sorted: true);
            indices = indices + offset;
            if (best is not null && bestIndices is not null)
            {
                var merged = cat([best, values], 1);
                var mergedIndices = cat([bestIndices, indices], 1);
                (values, var order) = merged.topk(Math.Min(k, (int)merged.shape[1]), dim: 1, largest: false, sorted: true);
                indices = mergedIndices.gather(1, order);
            }
            best = values.MoveToOuterDisposeScope();
            bestIndices = indices.MoveToOuterDisposeScope();
        }
        return (best!, bestIndices!);
    }

    private static void CheckChunkSize(int chunkSize)
    {
        if (chunkSize < 1)
            throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, "Chunk size must be positive.");
    }
}
