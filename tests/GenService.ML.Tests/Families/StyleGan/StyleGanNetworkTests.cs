using GenService.ML.Families;
using GenService.ML.Families.StyleGan;
using GenService.ML.Tests.Families.Vae;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.StyleGan;

public class StyleGanNetworkTests
{
    public StyleGanNetworkTests() => _ = TestTorch.Runtime;

    [Theory]
    [InlineData(1, 16, 6)]
    [InlineData(3, 16, 6)]
    [InlineData(1, 32, 8)]
    [InlineData(3, 64, 10)]
    [InlineData(1, 128, 12)]
    public void GeneratorAndDiscriminatorHaveTheImageShapes(int channels, int size, int styles)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var architecture = Tiny(new ImageShape(channels, size, size));
        using var generator = new StyleGanGenerator(architecture);
        using var discriminator = new StyleGanDiscriminator(architecture, minibatchGroupSize: 4);
        using var random = new Generator(1);

        var w = generator.Mapping.forward(randn(3, 8));
        var images = generator.forward(generator.Broadcast(w), generator.DrawNoise(3, random));

        Assert.Equal(styles, architecture.StyleCount);
        Assert.Equal(styles - 1, architecture.NoiseCount);
        Assert.Equal(Enumerable.Range(0, styles).Select(i => 4 << (i / 2)), architecture.StyleResolutions);
        Assert.Equal([3L, 8], w.shape);
        Assert.Equal([3L, styles, 8], generator.Broadcast(w).shape);
        Assert.Equal(architecture.Shape.AsBatch(3), images.shape);
        Assert.Equal([3L], discriminator.forward(images).shape);
    }

    [Fact]
    public void ChannelsFollowTheBaseOverTheResolutionUpToTheMaximum()
    {
        var architecture = new StyleGanArchitecture(new ImageShape(1, 64, 64), 8, 2, ChannelBase: 1024, MaxChannels: 64);

        Assert.Equal([64, 64, 64, 32, 16], new[] { 4, 8, 16, 32, 64 }.Select(architecture.Channels));
    }

    /// <summary>The property demodulation exists for (StyleGAN2, eq. 3): whatever the style, unit-variance
    /// input gives unit-variance output.</summary>
    [Fact]
    public void DemodulatedConvolutionKeepsUnitStandardDeviationForAnyStyle()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var convolution = new ModulatedConv2d(32, 16, kernelSize: 3, wDim: 8);
        using var random = new Generator(3);
        convolution.ResetParameters(random);
        var input = randn([4, 32, 64, 64], generator: random);
        var w = randn([4, 8], generator: random) * 5;

        var output = convolution.forward(input, w);

        // Interior only: zero padding lowers the variance on the border.
        var std = output[.., .., 1..^1, 1..^1].std([1, 2, 3]);
        Assert.True(std.sub(1).abs().max().item<float>() < 0.05, $"std {string.Join(", ", std.data<float>().ToArray())}");
    }

    [Fact]
    public void WithoutDemodulationTheStyleScalesTheOutput()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var convolution = new ModulatedConv2d(4, 2, kernelSize: 1, wDim: 3, demodulate: false);
        // Parameters start as uninitialised memory (empty), which once in a few hundred runs held an infinity.
        using var random = new Generator(5);
        convolution.ResetParameters(random);
        var input = randn([2, 4, 5, 5], generator: random);
        var w = randn([1, 3], generator: random);

        var once = convolution.forward(input[..1], w);
        var doubledInput = convolution.forward(input[..1] * 2, w);

        Assert.True(doubledInput.allclose(once * 2, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void MappingIgnoresTheScaleOfZBecauseItNormalisesIt()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var mapping = new MappingNetwork(wDim: 8, layerCount: 3);
        using var random = new Generator(6);
        mapping.ResetParameters(random);
        var z = randn([4, 8], generator: random);

        Assert.True(mapping.forward(z).allclose(mapping.forward(z * 7), rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void TruncationPullsWTowardsItsTrackedAverage()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var mapping = new MappingNetwork(wDim: 4, layerCount: 1);
        var w = tensor(new float[] { 1, 2, 3, 4, 3, 2, 1, 0 }).view(2, 4);

        mapping.TrackAverage(w, beta: 0);   // w̄ = mean(w) = 2 everywhere

        Assert.True(mapping.AverageW.allclose(full(4, 2f)));
        Assert.True(TensorComparison.Identical(mapping.Truncate(w, 1), w));
        Assert.True(mapping.Truncate(w, 0).allclose(full(2, 4, 2f)));
        Assert.True(mapping.Truncate(w, 0.5).allclose((w + 2) / 2));
    }

    [Fact]
    public void ResamplingKeepsAConstantImageConstantAwayFromTheBorder()
    {
        using var scope = NewDisposeScope();
        var image = full(2, 3, 8, 8, 0.5f);

        var up = Resampling.Upsample(image);
        var down = Resampling.Downsample(image);

        Assert.Equal([2L, 3, 16, 16], up.shape);
        Assert.Equal([2L, 3, 4, 4], down.shape);
        Assert.True(up.allclose(full(2, 3, 16, 16, 0.5f)));
        Assert.True(down[.., .., 1..^1, 1..^1].allclose(full(2, 3, 2, 2, 0.5f)));
    }

    [Fact]
    public void DownsamplingIsTheSeparable1331Filter()
    {
        using var scope = NewDisposeScope();
        var image = zeros(1, 1, 8, 8);
        image[0, 0, 3, 3] = tensor(64f);

        var down = Resampling.Downsample(image);

        // Output i reads input pixels 2i − 1 .. 2i + 2 with taps [1, 3, 3, 1] / 8: pixel 3 is tap 3/8 of
        // output 1 and tap 1/8 of output 2, in both directions.
        Assert.True(down[0, 0, 1..3, 1..3].allclose(tensor(new float[] { 9, 3, 3, 1 }).view(2, 2)));
        Assert.Equal(16, down.sum().item<float>(), 4);
    }

    [Fact]
    public void ResetParametersIsReproducibleFromTheGenerator()
    {
        var architecture = Tiny(new ImageShape(1, 16, 16));
        using var first = new StyleGanGenerator(architecture);
        using var second = new StyleGanGenerator(architecture);
        using (var random = new Generator(5))
            first.ResetParameters(random);
        using (var random = new Generator(5))
            second.ResetParameters(random);

        Assert.All(first.parameters().Zip(second.parameters()), pair => Assert.True(TensorComparison.Identical(pair.First, pair.Second)));
    }

    private static StyleGanArchitecture Tiny(ImageShape shape) => new(shape, WDim: 8, MappingLayers: 2, ChannelBase: 64, MaxChannels: 8);
}
