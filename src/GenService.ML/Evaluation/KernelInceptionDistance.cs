using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>KID as the mean of the per-subset MMD² estimates. Its uncertainty is <see cref="FeatureSetBootstrap"/>'s:
/// the spread of subsets drawn from the same images understates it.</summary>
public sealed record KernelInceptionDistanceResult(double Mean, int Subsets, int SubsetSize);

/// <summary>
/// Kernel Inception Distance (Bińkowski et al., 2018): the unbiased estimate of the squared MMD between
/// two feature sets under the cubic polynomial kernel k(x, y) = (x·y / d + 1)³, averaged over random
/// subsets as in the paper and StyleGAN2-ADA's metrics. Unlike FID it is unbiased, so it can be compared
/// across sample sizes, and it can come out slightly negative when the two distributions match.
/// </summary>
/// <param name="subsets">Number of random subset pairs (the StyleGAN2-ADA default).</param>
/// <param name="subsetSize">Samples per subset, capped at the smaller set's size.</param>
public sealed class KernelInceptionDistance(int subsets = 100, int subsetSize = 1000)
{
    public int Subsets { get; } = subsets >= 1
        ? subsets
        : throw new ArgumentOutOfRangeException(nameof(subsets), subsets, "At least one subset is needed.");

    public int SubsetSize { get; } = subsetSize >= 2
        ? subsetSize
        : throw new ArgumentOutOfRangeException(nameof(subsetSize), subsetSize, "The unbiased estimate needs at least two samples per subset.");

    /// <param name="real">[N, D]</param>
    /// <param name="generated">[M, D]</param>
    /// <param name="seed">Seeds the CPU generator that draws the subsets, so a seed always gives the same value.</param>
    public KernelInceptionDistanceResult Compute(Tensor real, Tensor generated, long seed = 0)
    {
        using var scope = NewDisposeScope();
        var x = MetricInputs.FeaturesAsFloat64(generated, nameof(generated), minimumCount: 2);
        var y = MetricInputs.FeaturesAsFloat64(real, nameof(real), minimumCount: 2).to(x.device);
        MetricInputs.CheckSameDimension(x, y);
        var size = (int)Math.Min(SubsetSize, Math.Min(x.shape[0], y.shape[0]));

        using var generator = new Generator((ulong)seed);
        var estimates = new double[Subsets];
        for (var s = 0; s < Subsets; s++)
        {
            using var subsetScope = NewDisposeScope();
            var xs = x.index_select(0, randperm(x.shape[0], generator: generator).narrow(0, 0, size).to(x.device));
            var ys = y.index_select(0, randperm(y.shape[0], generator: generator).narrow(0, 0, size).to(x.device));
            estimates[s] = UnbiasedMmdSquared(xs, ys);
        }

        return new KernelInceptionDistanceResult(estimates.Average(), Subsets, size);
    }

    /// <summary>
    /// MMD²_u = 1/(m(m−1)) Σ_{i≠j} [k(xᵢ, xⱼ) + k(yᵢ, yⱼ)] − 2/m² Σ_{i,j} k(xᵢ, yⱼ): the diagonals of the
    /// within-set kernels are left out (a sample is not independent of itself); the cross term keeps them.
    /// </summary>
    /// <param name="x">[m, D] float64</param>
    /// <param name="y">[m, D] float64</param>
    public static double UnbiasedMmdSquared(Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        var m = x.shape[0];
        var within = CubicKernel(x, x) + CubicKernel(y, y);
        var withinOffDiagonal = within.sum() - within.diagonal().sum();
        var cross = CubicKernel(x, y).sum();
        return (withinOffDiagonal / (m * (m - 1)) - cross * 2 / (m * m)).item<double>();
    }

    /// <summary>k(x, y) = (x·y / d + 1)³, the kernel the paper picks because it needs no bandwidth.</summary>
    internal static Tensor CubicKernel(Tensor a, Tensor b) => (a.mm(b.t()) / a.shape[1] + 1).pow(3);
}
