using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>
/// Mean and covariance of a feature set: all the Fréchet distance needs, and small enough to keep for
/// a reference set so its features need not be extracted again.
/// </summary>
/// <param name="Mean">[D]</param>
/// <param name="Covariance">[D, D], symmetric positive semi-definite.</param>
public sealed record FeatureStatistics(double[] Mean, double[,] Covariance)
{
    public int Dimension => Mean.Length;

    /// <summary>Sample mean and unbiased (N − 1) covariance, as numpy.cov in the reference FID code (Heusel et al., 2017).</summary>
    /// <param name="features">[N, D] with N ≥ 2</param>
    public static FeatureStatistics FromFeatures(Tensor features)
    {
        using var scope = NewDisposeScope();
        var x = MetricInputs.FeaturesAsFloat64(features, nameof(features), minimumCount: 2);
        var mean = x.mean([0]);
        var centred = x - mean;
        var covariance = centred.t().mm(centred) / (x.shape[0] - 1);
        return new FeatureStatistics(mean.cpu().data<double>().ToArray(), ToMatrix(covariance.cpu()));
    }

    /// <summary>Statistics of a diagonal covariance, e.g. a known Gaussian.</summary>
    public static FeatureStatistics Diagonal(double[] mean, double[] variances)
    {
        if (mean.Length != variances.Length)
            throw new ArgumentException("Mean and variances differ in length.", nameof(variances));
        var covariance = new double[mean.Length, mean.Length];
        for (var i = 0; i < mean.Length; i++)
            covariance[i, i] = variances[i];
        return new FeatureStatistics(mean, covariance);
    }

    internal (Tensor Mean, Tensor Covariance) ToTensors()
    {
        if (Covariance.GetLength(0) != Dimension || Covariance.GetLength(1) != Dimension)
            throw new InvalidOperationException($"Covariance is {Covariance.GetLength(0)}×{Covariance.GetLength(1)} for a mean of {Dimension}.");
        return (tensor(Mean), tensor(Covariance));
    }

    private static double[,] ToMatrix(Tensor square)
    {
        var size = (int)square.shape[0];
        var flat = square.contiguous().data<double>().ToArray();
        var matrix = new double[size, size];
        Buffer.BlockCopy(flat, 0, matrix, 0, flat.Length * sizeof(double));
        return matrix;
    }
}
