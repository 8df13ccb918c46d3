using GenService.ML.Evaluation;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Evaluation;

public class FrechetDistanceTests
{
    public FrechetDistanceTests() => _ = TestTorch.Runtime;

    [Fact]
    public void IdenticalSetsAreAtDistanceZero()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        var features = randn(200, 8, generator: generator);

        Assert.Equal(0, FrechetDistance.Compute(features, features.clone()), 8);
    }

    [Fact]
    public void DiagonalGaussiansMatchTheClosedForm()
    {
        // For diagonal covariances the distance is ‖μ₁ − μ₂‖² + Σ (√s₁ − √s₂)².
        var first = FeatureStatistics.Diagonal([0, 1, 2], [1, 4, 0.25]);
        var second = FeatureStatistics.Diagonal([1, 1, 0], [9, 1, 0.25]);

        var expected = (1 + 0 + 4) + (Math.Pow(1 - 3, 2) + Math.Pow(2 - 1, 2) + 0);
        Assert.Equal(expected, FrechetDistance.Compute(first, second), 10);
    }

    [Fact]
    public void RotatedGaussiansMatchTheClosedFormOfTheirDiagonalForm()
    {
        // Rotating both Gaussians by the same orthogonal matrix leaves the distance unchanged, and
        // exercises the full (non-diagonal) square-root path.
        using var scope = NewDisposeScope();
        var angle = 0.7;
        var rotation = tensor(new[,] { { Math.Cos(angle), -Math.Sin(angle) }, { Math.Sin(angle), Math.Cos(angle) } });
        var covariance1 = rotation.mm(diag(tensor(new double[] { 4, 1 }))).mm(rotation.t());
        var covariance2 = rotation.mm(diag(tensor(new double[] { 1, 9 }))).mm(rotation.t());
        var first = new FeatureStatistics([0, 0], ToMatrix(covariance1));
        var second = new FeatureStatistics([3, 4], ToMatrix(covariance2));

        var expected = 25 + Math.Pow(2 - 1, 2) + Math.Pow(1 - 3, 2);
        Assert.Equal(expected, FrechetDistance.Compute(first, second), 9);
    }

    [Fact]
    public void LargeSamplesApproachThePopulationDistance()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(2);
        // N(0, diag(1, 1)) against N((1, −1), diag(4, 0.25)): 2 + (1 − 2)² + (1 − 0.5)² = 3.25.
        var first = randn(20_000, 2, dtype: ScalarType.Float64, generator: generator);
        var second = randn(20_000, 2, dtype: ScalarType.Float64, generator: generator) * tensor(new double[] { 2, 0.5 }) + tensor(new double[] { 1, -1 });

        Assert.InRange(FrechetDistance.Compute(first, second), 3.1, 3.4);
    }

    [Fact]
    public void IsSymmetricInItsArguments()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        var first = randn(100, 6, generator: generator);
        var second = randn(120, 6, generator: generator) * 1.5 + 0.3;

        Assert.Equal(FrechetDistance.Compute(first, second), FrechetDistance.Compute(second, first), 9);
    }

    [Fact]
    public void StatisticsUseTheUnbiasedCovariance()
    {
        using var scope = NewDisposeScope();
        var statistics = FeatureStatistics.FromFeatures(tensor(new double[,] { { 0, 1 }, { 2, 1 }, { 4, 4 } }));

        Assert.Equal(new double[] { 2, 2 }, statistics.Mean);
        Assert.Equal(new double[,] { { 4, 3 }, { 3, 3 } }, statistics.Covariance);
    }

    private static double[,] ToMatrix(Tensor matrix)
    {
        var result = new double[matrix.shape[0], matrix.shape[1]];
        for (var i = 0; i < matrix.shape[0]; i++)
            for (var j = 0; j < matrix.shape[1]; j++)
                result[i, j] = matrix[i, j].item<double>();
        return result;
    }
}
