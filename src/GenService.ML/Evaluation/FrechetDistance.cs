using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>
/// Fréchet distance between Gaussians fitted to two feature sets (FID when the features are Inception
/// pool features; Heusel et al., 2017): ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2 (Σ₁Σ₂)^½).
/// </summary>
/// <remarks>
/// Σ₁Σ₂ is not symmetric, and the general matrix square root (scipy's sqrtm in the reference code)
/// can return complex noise. Tr((Σ₁Σ₂)^½) = Tr((Σ₁^½ Σ₂ Σ₁^½)^½) because the two products are similar,
/// and the right side needs only symmetric eigendecompositions, whose eigenvalues are real; negative
/// rounding noise is clamped to 0.
/// </remarks>
public static class FrechetDistance
{
    /// <param name="first">[N, D] with N ≥ 2</param>
    /// <param name="second">[M, D] with M ≥ 2</param>
    public static double Compute(Tensor first, Tensor second) =>
        Compute(FeatureStatistics.FromFeatures(first), FeatureStatistics.FromFeatures(second));

    public static double Compute(FeatureStatistics first, FeatureStatistics second)
    {
        if (first.Dimension != second.Dimension)
            throw new ArgumentException($"Statistics differ in dimension: {first.Dimension} and {second.Dimension}.", nameof(second));
        using var scope = NewDisposeScope();
        var (mean1, covariance1) = first.ToTensors();
        var (mean2, covariance2) = second.ToTensors();

        var meanTerm = (mean1 - mean2).square().sum().item<double>();
        var traceTerm = (covariance1.trace() + covariance2.trace()).item<double>() - 2 * TraceOfSquareRootOfProduct(covariance1, covariance2);
        // The distance is ≥ 0; a tiny negative value is rounding when the two sets coincide.
        return Math.Max(0, meanTerm + traceTerm);
    }

    /// <summary>Tr((Σ₁Σ₂)^½) for symmetric positive semi-definite Σ₁, Σ₂, via Tr((Σ₁^½ Σ₂ Σ₁^½)^½).</summary>
    internal static double TraceOfSquareRootOfProduct(Tensor covariance1, Tensor covariance2)
    {
        using var scope = NewDisposeScope();
        var root1 = SymmetricSquareRoot(covariance1);
        var inner = Symmetrise(root1.mm(covariance2).mm(root1));
        return linalg.eigvalsh(inner).clamp_min(0).sqrt().sum().item<double>();
    }

    /// <summary>V diag(√max(λ, 0)) Vᵀ from the symmetric eigendecomposition.</summary>
    private static Tensor SymmetricSquareRoot(Tensor matrix)
    {
        var (eigenvalues, eigenvectors) = linalg.eigh(Symmetrise(matrix));
        return (eigenvectors * eigenvalues.clamp_min(0).sqrt().unsqueeze(0)).mm(eigenvectors.t());
    }

    /// <summary>Removes the asymmetry rounding leaves, which eigh would otherwise silently ignore (it reads one triangle).</summary>
    private static Tensor Symmetrise(Tensor matrix) => (matrix + matrix.t()) / 2;
}
