using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>Standard errors of the Fréchet distance and of KID between two feature sets.</summary>
/// <param name="FrechetDistance">Standard deviation of the bootstrap replicates' Fréchet distances.</param>
/// <param name="Kid">Standard deviation of the replicates' unbiased squared MMD (cubic kernel) of the whole sets.</param>
public sealed record FeatureSetStandardErrors(double FrechetDistance, double Kid, int Replicates);

/// <summary>
/// A bootstrap over both feature sets: each replicate draws the reference set and the generated set again with
/// replacement, each at its own size, and recomputes the Fréchet distance and KID; the standard error of each is
/// the standard deviation of its replicates.
/// </summary>
/// <remarks>
/// Why a bootstrap: both figures vary with the generated images and with the reference images drawn. Independent
/// sets would need several times the held-out split; resampling the sets at hand estimates the same spread for the
/// cost of recomputing the figures. KID's former error bar, the spread of 100 subsets drawn from the same images
/// divided by √100, treated overlapping subsets as independent and came out several times too small.
/// KID's replicate is the whole-set estimate, which the subset average approximates; two draws of the same image
/// are left out of the within-set pairs, as the unbiased estimate leaves out a sample paired with itself (counting
/// them would add k(x, x) at random and widen the spread).
/// </remarks>
/// <param name="replicates">Bootstrap replicates: 100 puts the standard error within about 7 % of its limit.</param>
public sealed class FeatureSetBootstrap(int replicates = 100)
{
    /// <summary>Rows of a kernel matrix computed at once: bounds the memory of large sets.</summary>
    private const int KernelRowBlock = 1024;

    public int Replicates { get; } = replicates >= 2
        ? replicates
        : throw new ArgumentOutOfRangeException(nameof(replicates), replicates, "At least two replicates are needed for a standard deviation.");

    /// <param name="real">[N, D] with N ≥ 2</param>
    /// <param name="generated">[M, D] with M ≥ 2</param>
    /// <param name="seed">Seeds the CPU generator that draws the replicates, so a seed always gives the same errors.</param>
    public FeatureSetStandardErrors Compute(Tensor real, Tensor generated, long seed = 0)
    {
        using var scope = NewDisposeScope();
        var x = MetricInputs.FeaturesAsFloat64(generated, nameof(generated), minimumCount: 2);
        var y = MetricInputs.FeaturesAsFloat64(real, nameof(real), minimumCount: 2).to(x.device);
        MetricInputs.CheckSameDimension(x, y);

        using var generator = new Generator((ulong)seed);
        var xDraws = randint(x.shape[0], [Replicates, x.shape[0]], generator: generator).to(x.device);   // [B, N]
        var yDraws = randint(y.shape[0], [Replicates, y.shape[0]], generator: generator).to(x.device);   // [B, M]

        var distances = new double[Replicates];
        for (var r = 0; r < Replicates; r++)
        {
            using var replicateScope = NewDisposeScope();
            distances[r] = FrechetDistance.Compute(x.index_select(0, xDraws[r]), y.index_select(0, yDraws[r]));
        }
        var kids = ResampledMmdSquared(x, y, Counts(xDraws, x.shape[0]), Counts(yDraws, y.shape[0])).cpu().data<double>().ToArray();
        return new FeatureSetStandardErrors(StandardDeviation(distances), StandardDeviation(kids), Replicates);
    }

    /// <summary>How often each image was drawn in each replicate.</summary>
    /// <returns>float64 [N, B]</returns>
    private static Tensor Counts(Tensor draws, long count) =>
        zeros([draws.shape[0], count], ScalarType.Float64, draws.device)
            .scatter_add_(1, draws, ones(draws.shape, ScalarType.Float64, draws.device))
            .t();

    /// <summary>
    /// Each replicate's MMD²_u from the original sets' kernels and its draw counts c: Σ over pairs of distinct images
    /// is cᵀKc − Σ c²·diag(K), over n² − Σ c² such pairs; the cross term is c_xᵀ K_xy c_y / (n m).
    /// </summary>
    /// <returns>float64 [B]</returns>
    private static Tensor ResampledMmdSquared(Tensor x, Tensor y, Tensor xCounts, Tensor yCounts)
    {
        var (n, m) = (x.shape[0], y.shape[0]);
        return Within(x, xCounts) + Within(y, yCounts) - QuadraticForms(x, y, xCounts, yCounts) * 2 / (n * m);
    }

    /// <summary>The mean kernel over pairs of distinct images of each replicate.</summary>
    private static Tensor Within(Tensor a, Tensor counts)
    {
        var count = a.shape[0];
        // A replicate of a few images can draw one image only: it has no pair, and 0 / 0 would poison the spread.
        var pairs = counts.square().sum(dim: 0).neg().add_(count * count).clamp_min(1);
        return (QuadraticForms(a, a, counts, counts) - DiagonalTerms(a, counts)) / pairs;
    }

    /// <summary>c_aᵀ K(a, b) c_b for every replicate, the kernel computed a block of rows at a time.</summary>
    private static Tensor QuadraticForms(Tensor a, Tensor b, Tensor aCounts, Tensor bCounts)
    {
        var sum = zeros(aCounts.shape[1], ScalarType.Float64, a.device);
        for (long start = 0; start < a.shape[0]; start += KernelRowBlock)
        {
            using var blockScope = NewDisposeScope();
            var rows = Math.Min(KernelRowBlock, a.shape[0] - start);
            var kernel = KernelInceptionDistance.CubicKernel(a.narrow(0, start, rows), b);            // [rows, |b|]
            sum.add_((aCounts.narrow(0, start, rows) * kernel.mm(bCounts)).sum(dim: 0));
        }
        return sum;
    }

    /// <summary>Σ c² k(a, a) for every replicate: the pairs that are two draws of one image.</summary>
    private static Tensor DiagonalTerms(Tensor a, Tensor counts)
    {
        var selfKernel = (a.square().sum(1) / a.shape[1] + 1).pow(3);   // [N]
        return (counts.square() * selfKernel.unsqueeze(1)).sum(dim: 0);
    }

    private static double StandardDeviation(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }
}
