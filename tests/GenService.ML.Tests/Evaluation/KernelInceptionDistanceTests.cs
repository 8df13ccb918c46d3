using GenService.ML.Evaluation;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Evaluation;

public class KernelInceptionDistanceTests
{
    private readonly KernelInceptionDistance kid = new(subsets: 50, subsetSize: 100);

    public KernelInceptionDistanceTests() => _ = TestTorch.Runtime;

    [Fact]
    public void SameDistributionIsNearZero()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(11);
        var real = randn(1000, 16, generator: generator);
        var generated = randn(1000, 16, generator: generator);

        var result = kid.Compute(real, generated, seed: 5);
        var standardError = new FeatureSetBootstrap(replicates: 50).Compute(real, generated, seed: 5).Kid;

        Assert.True(Math.Abs(result.Mean) < 4 * standardError, $"KID {result.Mean} ± {standardError}");
        Assert.Equal(50, result.Subsets);
        Assert.Equal(100, result.SubsetSize);
    }

    [Fact]
    public void ShiftedDistributionIsClearlyPositive()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(12);
        var real = randn(1000, 16, generator: generator);
        var generated = randn(1000, 16, generator: generator) + 1;

        var result = kid.Compute(real, generated, seed: 5);
        var standardError = new FeatureSetBootstrap(replicates: 50).Compute(real, generated, seed: 5).Kid;

        Assert.True(result.Mean > 20 * standardError, $"KID {result.Mean} ± {standardError}");
    }

    [Fact]
    public void SameSeedGivesTheSameValue()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(13);
        var real = randn(300, 8, generator: generator);
        var generated = randn(300, 8, generator: generator) * 1.2;

        var first = kid.Compute(real, generated, seed: 9);
        var again = kid.Compute(real, generated, seed: 9);
        var other = kid.Compute(real, generated, seed: 10);

        Assert.Equal(first, again);
        Assert.NotEqual(first.Mean, other.Mean);
    }

    [Fact]
    public void SubsetSizeIsCappedAtTheSmallerSet()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(14);

        var result = kid.Compute(randn(40, 4, generator: generator), randn(60, 4, generator: generator));

        Assert.Equal(40, result.SubsetSize);
    }

    [Fact]
    public void UnbiasedEstimateMatchesAHandComputedCase()
    {
        using var scope = NewDisposeScope();
        // d = 1, x = (0, 1), y = (1, 2): k(a, b) = (ab + 1)³.
        // Within x, off-diagonal: 2·k(0, 1) = 2; within y: 2·k(1, 2) = 54; cross: k(0,1) + k(0,2) + k(1,1) + k(1,2) = 1 + 1 + 8 + 27.
        var x = tensor(new double[] { 0, 1 }).unsqueeze(1);
        var y = tensor(new double[] { 1, 2 }).unsqueeze(1);

        var expected = (2.0 + 54) / 2 - 2.0 * 37 / 4;
        Assert.Equal(expected, KernelInceptionDistance.UnbiasedMmdSquared(x, y), 12);
    }
}
