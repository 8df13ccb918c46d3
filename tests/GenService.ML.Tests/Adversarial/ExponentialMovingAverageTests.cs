using GenService.ML.Adversarial;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Adversarial;

public sealed class ExponentialMovingAverageTests
{
    public ExponentialMovingAverageTests() => _ = TestTorch.Runtime;

    [Fact]
    public void MovesEachWeightByOneMinusBetaOfTheGap()
    {
        using var scope = NewDisposeScope();
        var average = nn.Linear(3, 2);
        var source = nn.Linear(3, 2);
        using (no_grad())
        {
            average.weight!.fill_(0);
            source.weight!.fill_(1);
        }

        ExponentialMovingAverage.Update(average, source, beta: 0.75);

        Assert.True(average.weight!.allclose(full(2, 3, 0.25f)));
        ExponentialMovingAverage.Update(average, source, beta: 0.75);
        Assert.True(average.weight!.allclose(full(2, 3, 0.4375f)));
    }

    [Fact]
    public void HalvesTheOldWeightsAfterTheHalfLife()
    {
        var beta = ExponentialMovingAverage.BetaForHalfLife(batchSize: 32, halfLifeImages: 10_000);

        Assert.Equal(0.5, Math.Pow(beta, 10_000 / 32.0), 6);
        Assert.Equal(0, ExponentialMovingAverage.BetaForHalfLife(32, 0));
    }

    [Fact]
    public void TheRampedHalfLifeIsAShareOfTheImagesSeenUpToTheSetting()
    {
        Assert.Equal(0, ExponentialMovingAverage.RampedHalfLife(10_000, 0.05, imagesSeen: 0));
        Assert.Equal(5_000, ExponentialMovingAverage.RampedHalfLife(10_000, 0.05, imagesSeen: 100_000));
        Assert.Equal(10_000, ExponentialMovingAverage.RampedHalfLife(10_000, 0.05, imagesSeen: 1_000_000));
        Assert.Equal(10_000, ExponentialMovingAverage.RampedHalfLife(10_000, 0, imagesSeen: 0));
    }
}
