using GenService.ML.Evaluation;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Evaluation;

public class SsimTests
{
    private readonly Ssim ssim = new();

    public SsimTests() => _ = TestTorch.Runtime;

    [Fact]
    public void IdenticalImagesScoreOne()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(41);
        var images = rand(3, 3, 16, 16, generator: generator);

        Assert.All(ssim.PerImage(images, images.clone()), value => Assert.Equal(1, value, 10));
    }

    [Fact]
    public void ConstantImagesReduceToTheLuminanceTerm()
    {
        using var scope = NewDisposeScope();
        // No variance: contrast-structure is C₂ / C₂ = 1 and SSIM = (2·0.5·0.6 + C₁) / (0.5² + 0.6² + C₁), C₁ = 0.01².
        var value = ssim.PerImage(full(1, 1, 12, 12, 0.5, dtype: ScalarType.Float64), full(1, 1, 12, 12, 0.6, dtype: ScalarType.Float64)).Single();

        Assert.Equal(0.6001 / 0.6101, value, 9);
    }

    [Fact]
    public void OneWindowMatchesTheGaussianWeightedFormula()
    {
        using var scope = NewDisposeScope();
        // An 11×11 image has one window position, so SSIM is the paper's formula with the Gaussian
        // weights w: μ = Σ w x, σ² = Σ w (x − μ)², σxy = Σ w (x − μx)(y − μy). Here x is a 0/1 checkerboard, y = x / 2.
        var x = arange(121, dtype: ScalarType.Float64).reshape(11, 11);
        x = (x.div(11, rounding_mode: RoundingMode.floor) + x.remainder(11)).remainder(2);
        var y = x / 2;
        var g = (arange(11, dtype: ScalarType.Float64) - 5).square().div(-2 * 1.5 * 1.5).exp();
        var w = g.outer(g) / g.outer(g).sum();
        var muX = (w * x).sum().item<double>();
        var muY = muX / 2;
        var varianceX = (w * (x - muX).square()).sum().item<double>();
        var varianceY = varianceX / 4;
        var covariance = varianceX / 2;
        double c1 = 0.0001, c2 = 0.0009;
        var expected = (2 * muX * muY + c1) * (2 * covariance + c2) / ((muX * muX + muY * muY + c1) * (varianceX + varianceY + c2));

        var value = ssim.PerImage(x.reshape(1, 1, 11, 11), y.reshape(1, 1, 11, 11)).Single();

        Assert.Equal(expected, value, 10);
        // By hand: μx ≈ 0.5, σx² ≈ 0.25, so luminance ≈ 0.25 / 0.3125 = 0.8 and contrast-structure ≈ 0.25 / 0.3125 = 0.8.
        Assert.InRange(value, 0.635, 0.645);
    }

    [Fact]
    public void MoreNoiseScoresLower()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(42);
        var image = rand(1, 1, 28, 28, generator: generator) * 0.5 + 0.25;
        var noise = randn(1, 1, 28, 28, generator: generator);

        var scores = new[] { 0.0, 0.02, 0.05, 0.1, 0.2 }
            .Select(level => ssim.PerImage(image, image + 0.1 + level * noise).Single())
            .ToArray();

        Assert.True(scores[0] < 1, "A constant shift alone already lowers the luminance term.");
        for (var i = 1; i < scores.Length; i++)
            Assert.True(scores[i] < scores[i - 1], $"SSIM should fall with noise: {string.Join(", ", scores)}");
    }

    [Fact]
    public void IsSymmetricInItsArguments()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(43);
        var first = rand(2, 3, 16, 16, generator: generator);
        var second = (first + 0.2 * randn(2, 3, 16, 16, generator: generator)).clamp(0, 1);

        var forward = ssim.PerImage(first, second);
        var backward = ssim.PerImage(second, first);

        Assert.Equal(forward[0], backward[0], 12);
        Assert.Equal(forward[1], backward[1], 12);
    }

    [Fact]
    public void ImagesSmallerThanTheWindowAreRejected()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => ssim.PerImage(zeros(1, 1, 10, 16), zeros(1, 1, 10, 16)));
    }
}
