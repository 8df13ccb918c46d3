using GenService.ML.Families.Vae;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.Vae;

public class ElboLossTests
{
    public ElboLossTests() => _ = TestTorch.Runtime;

    [Fact]
    public void KlIsZeroWhenThePosteriorIsThePrior()
    {
        using var scope = NewDisposeScope();
        var kl = ElboLoss.KlToStandardNormal(zeros(3, 5), zeros(3, 5));

        Assert.Equal(new[] { 0f, 0f, 0f }, kl.data<float>().ToArray());
    }

    [Fact]
    public void KlMatchesTheClosedFormForAShiftedNarrowGaussian()
    {
        using var scope = NewDisposeScope();
        // One dimension with μ = 1, σ² = 0.25: ½ (1 + 0.25 − 1 − ln 0.25).
        var kl = ElboLoss.KlToStandardNormal(ones(1, 1), full(1, 1, MathF.Log(0.25f)));

        Assert.Equal(0.5 * (0.25 - Math.Log(0.25)), kl.item<float>(), 5);
    }

    [Fact]
    public void GaussianLogLikelihoodMatchesAHandComputedCase()
    {
        using var scope = NewDisposeScope();
        // Two pixels: x = 0.5 under N(0.3, 1) and x = 0.2 under N(0.2, 4).
        var x = tensor(new[] { 0.5f, 0.2f }).reshape(1, 1, 1, 2);
        var mean = tensor(new[] { 0.3f, 0.2f }).reshape(1, 1, 1, 2);
        var logVariance = tensor(new[] { 0f, MathF.Log(4f) }).reshape(1, 1, 1, 2);

        var logLikelihood = ElboLoss.GaussianLogLikelihood(x, mean, logVariance);

        var expected = -0.5 * (Math.Log(2 * Math.PI) + 0.04) - 0.5 * (Math.Log(2 * Math.PI) + Math.Log(4));
        Assert.Equal([1L], logLikelihood.shape);
        Assert.Equal(expected, logLikelihood.item<float>(), 5);
    }

    [Fact]
    public void OptimalSharedVarianceIsTheBatchMeanSquaredErrorAndMaximisesTheLikelihood()
    {
        using var scope = NewDisposeScope();
        // Errors ±0.3 on every pixel of two images: MSE 0.09, σ = 0.3, far above the floor (log σ = −6).
        var x = full(2, 1, 2, 2, 0.5f);
        var mean = x + tensor(new[] { 0.3f, -0.3f, 0.3f, -0.3f, -0.3f, 0.3f, 0.3f, 0.3f }).reshape(2, 1, 2, 2);

        var logVariance = ElboLoss.OptimalSharedLogVariance(x, mean);

        var softFloored = ElboLoss.SharedLogStdFloor + Math.Log(1 + Math.Exp(Math.Log(0.3) - ElboLoss.SharedLogStdFloor));
        Assert.Equal([1L, 1, 1, 1], logVariance.shape);
        Assert.Equal(2 * softFloored, logVariance.item<float>(), 5);
        Assert.Equal(Math.Log(0.09), logVariance.item<float>(), 1);
        var best = ElboLoss.GaussianLogLikelihood(x, mean, full(1, 1, 1, 1, MathF.Log(0.09f))).sum().item<float>();
        foreach (var other in new[] { 0.08f, 0.1f })
            Assert.True(ElboLoss.GaussianLogLikelihood(x, mean, full(1, 1, 1, 1, MathF.Log(other))).sum().item<float>() < best);
    }

    [Fact]
    public void OptimalSharedVarianceOfAPerfectReconstructionStopsAtTheFloor()
    {
        using var scope = NewDisposeScope();
        var x = rand(2, 1, 4, 4);

        var logVariance = ElboLoss.OptimalSharedLogVariance(x, x.clone());

        Assert.Equal(2 * ElboLoss.SharedLogStdFloor, logVariance.item<float>(), 4);
    }

    [Fact]
    public void ObjectiveIsTheNegativeMeanElboAtBetaOne()
    {
        using var scope = NewDisposeScope();
        var terms = new ElboTerms(tensor(new[] { 10f, 20f }), tensor(new[] { 1f, 3f }));

        Assert.Equal(-13f, new ElboLoss().Objective(terms).item<float>());
        Assert.Equal(-11f, new ElboLoss(beta: 2).Objective(terms).item<float>());
        Assert.Equal(new[] { 9f, 17f }, terms.Elbo.data<float>().ToArray());
    }

    [Fact]
    public void DequantiseKeepsEachPixelInsideItsIntensityBin()
    {
        using var scope = NewDisposeScope();
        var levels = arange(0, 256, dtype: ScalarType.Float32).reshape(1, 1, 16, 16);
        using var generator = new Generator(1);

        var dequantised = ElboLoss.Dequantise(levels / 255f, generator);

        var bin = (dequantised * 256f).floor();
        Assert.True(bin.allclose(levels), "every value stays in [k/256, (k+1)/256)");
    }

    [Fact]
    public void BitsPerDimensionAddsTheEightBitsOfTheBinWidth()
    {
        Assert.Equal(8.0, ElboLoss.BitsPerDimension(0, 784), 10);
        Assert.Equal(0.0, ElboLoss.BitsPerDimension(784 * Math.Log(256), 784), 10);
    }
}
