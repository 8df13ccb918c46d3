using GenService.ML.Adversarial;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Adversarial;

public sealed class LayerTests
{
    public LayerTests() => _ = TestTorch.Runtime;

    [Fact]
    public void Equalized_layers_keep_unit_variance_inputs_at_He_scale()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        using var linear = new EqualizedLinear(512, 512);
        using var convolution = new EqualizedConv2d(64, 64, 3);
        linear.ResetParameters(generator);
        convolution.ResetParameters(generator);

        var linearOut = linear.forward(randn(256, 512, generator: generator));
        var convolutionOut = convolution.forward(randn(8, 64, 16, 16, generator: generator));

        // Var(out) = gain² · Var(in) = 2 with He's gain √2.
        Assert.InRange(linearOut.var().item<float>(), 1.8, 2.2);
        Assert.InRange(convolutionOut[.., .., 1..^1, 1..^1].var().item<float>(), 1.8, 2.2);
        Assert.Equal([8L, 64, 16, 16], convolutionOut.shape);
    }

    [Fact]
    public void A_learning_rate_multiplier_scales_the_stored_weights_not_the_output()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        using var layer = new EqualizedLinear(256, 256, learningRateMultiplier: 0.01);
        layer.ResetParameters(generator);

        var output = layer.forward(randn(256, 256, generator: generator));

        Assert.InRange(output.var().item<float>(), 1.8, 2.2);
        Assert.InRange(layer.parameters().First().std().item<float>(), 90, 110);
    }

    [Fact]
    public void Pixel_norm_gives_every_pixel_a_unit_root_mean_square_feature_vector()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(2);
        using var norm = new PixelNorm();

        var output = norm.forward(randn(4, 16, 5, 5, generator: generator) * 7);

        Assert.True(output.square().mean([1]).allclose(ones(4, 5, 5), rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void Minibatch_deviation_appends_one_map_that_is_zero_for_identical_images()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        using var layer = new MinibatchStandardDeviation();
        var image = randn(1, 8, 4, 4, generator: generator);

        var identical = layer.forward(image.repeat(8, 1, 1, 1));
        var varied = layer.forward(randn(8, 8, 4, 4, generator: generator));

        Assert.Equal([8L, 9, 4, 4], identical.shape);
        Assert.True(identical[.., 8].abs().max().item<float>() < 1e-3);
        Assert.True(varied[.., 8].min().item<float>() > 0.5);
        Assert.True(identical[.., ..8].eq(image.repeat(8, 1, 1, 1)).all().item<bool>());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(7)]
    public void Minibatch_deviation_handles_batches_the_group_size_does_not_divide(int count)
    {
        using var scope = NewDisposeScope();
        using var layer = new MinibatchStandardDeviation(groupSize: 4);

        var output = layer.forward(ones(count, 2, 3, 3));

        Assert.Equal([count, 3L, 3, 3], output.shape);
    }
}
