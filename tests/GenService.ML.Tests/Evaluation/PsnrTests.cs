using GenService.ML.Evaluation;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Evaluation;

public class PsnrTests
{
    public PsnrTests() => _ = TestTorch.Runtime;

    [Fact]
    public void IdenticalImagesAreInfinitelyClose()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(31);
        var images = rand(2, 3, 8, 8, generator: generator);

        Assert.All(Psnr.PerImage(images, images.clone()), value => Assert.Equal(double.PositiveInfinity, value));
    }

    [Fact]
    public void ConstantOffsetOfATenthIsTwentyDecibels()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(32);
        var images = rand(2, 1, 8, 8, generator: generator) * 0.9;

        // MSE = 0.01, so 10 log₁₀(1 / 0.01) = 20 dB.
        Assert.All(Psnr.PerImage(images, images + 0.1), value => Assert.Equal(20, value, 4));
    }

    [Fact]
    public void EachImageGetsItsOwnValue()
    {
        using var scope = NewDisposeScope();
        var first = zeros(2, 1, 4, 4);
        // Image 0 differs by 0.5 everywhere (6.02 dB); image 1 by 1 in a quarter of its pixels (6.02 dB too).
        var quarterOn = tensor(new float[] { 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }).reshape(1, 1, 4, 4);
        var second = cat([full(1, 1, 4, 4, 0.5f), quarterOn], 0);

        var values = Psnr.PerImage(first, second);

        Assert.Equal(10 * Math.Log10(4), values[0], 6);
        Assert.Equal(10 * Math.Log10(4), values[1], 6);
    }

    [Fact]
    public void MismatchedShapesAreRejected()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => Psnr.PerImage(zeros(1, 1, 4, 4), zeros(1, 1, 4, 5)));
    }
}
