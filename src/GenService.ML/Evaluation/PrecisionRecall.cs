using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>Precision: share of generated samples on the real manifold (fidelity). Recall: share of real samples on the generated manifold (coverage).</summary>
public sealed record PrecisionRecallResult(double Precision, double Recall);

/// <summary>
/// Improved precision and recall (Kynkäänniemi et al., 2019). Each set's manifold is estimated as the
/// union of hyperspheres around its samples, each reaching that sample's k-th nearest neighbour; a sample
/// of the other set counts when it falls inside at least one of them. Two numbers instead of FID's one
/// tell a model that drops modes (low recall) from one that makes poor images (low precision).
/// </summary>
/// <param name="k">Neighbourhood size; the paper's default 3 balances a too-tight and a too-loose manifold.</param>
/// <param name="chunkSize">Rows per distance block (see <see cref="NearestNeighbours"/>).</param>
public sealed class PrecisionRecall(int k = 3, int chunkSize = NearestNeighbours.DefaultChunkSize)
{
    public int K { get; } = k >= 1 ? k : throw new ArgumentOutOfRangeException(nameof(k), k, "k must be positive.");

    public int ChunkSize { get; } = chunkSize >= 1
        ? chunkSize
        : throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, "Chunk size must be positive.");

    /// <param name="real">[N, D] with N &gt; k</param>
    /// <param name="generated">[M, D] with M &gt; k</param>
    public PrecisionRecallResult Compute(Tensor real, Tensor generated)
    {
        using var scope = NewDisposeScope();
        var realFeatures = MetricInputs.FeaturesAsFloat64(real, nameof(real), minimumCount: K + 1);
        var generatedFeatures = MetricInputs.FeaturesAsFloat64(generated, nameof(generated), minimumCount: K + 1).to(realFeatures.device);
        MetricInputs.CheckSameDimension(realFeatures, generatedFeatures);

        var precision = ShareInsideManifold(generatedFeatures, realFeatures);
        var recall = ShareInsideManifold(realFeatures, generatedFeatures);
        return new PrecisionRecallResult(precision, recall);
    }

    private double ShareInsideManifold(Tensor samples, Tensor manifold)
    {
        using var scope = NewDisposeScope();
        var radii = NearestNeighbours.KthNeighbourSquaredRadii(manifold, K, ChunkSize);
        var inside = NearestNeighbours.WithinAnyRadius(samples, manifold, radii, ChunkSize);
        return inside.to_type(ScalarType.Float64).mean().item<double>();
    }
}
