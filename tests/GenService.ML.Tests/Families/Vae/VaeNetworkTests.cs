using GenService.ML.Families;
using GenService.ML.Families.Vae;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.Vae;

public class VaeNetworkTests
{
    public VaeNetworkTests() => _ = TestTorch.Runtime;

    [Theory]
    [InlineData(1, 28, 2)]
    [InlineData(3, 32, 2)]
    [InlineData(1, 64, 3)]
    public void PassHasTheShapesOfTheImageAndTheLatent(int channels, int size, int levels)
    {
        using var scope = NewDisposeScope();
        var shape = new ImageShape(channels, size, size);
        using var network = new VaeNetwork(new VaeArchitecture(shape, LatentDim: 6, BaseChannels: 4, MinDecoderStd: 0.05, DecoderVariance.PerPixel));
        var images = rand(shape.AsBatch(3));

        var pass = network.forward(images, randn(3, 6));

        Assert.Equal(levels, network.Architecture.Levels);
        Assert.Equal([3L, 6], pass.PosteriorMean.shape);
        Assert.Equal([3L, 6], pass.PosteriorLogVariance.shape);
        Assert.Equal([3L, 6], pass.Latents.shape);
        Assert.Equal(shape.AsBatch(3), pass.DecodedMean.shape);
        Assert.Equal(shape.AsBatch(3), pass.DecodedLogVariance.shape);
        Assert.True(pass.DecodedMean.ge(0).all().item<bool>() && pass.DecodedMean.le(1).all().item<bool>());
        Assert.True(pass.DecodedLogVariance.ge(network.Architecture.LogVarianceFloor).all().item<bool>());
    }

    [Fact]
    public void DecoderLogVarianceStaysAtTheFloorWhenPushedFarBelowIt()
    {
        using var scope = NewDisposeScope();
        using var network = new VaeNetwork(new VaeArchitecture(new ImageShape(1, 16, 16), 2, 4, 0.05, DecoderVariance.PerPixel));
        using (no_grad())
        {
            foreach (var (name, parameter) in network.named_parameters())
            {
                if (name.Contains("head.bias", StringComparison.Ordinal))
                    parameter.fill_(-1e4);
            }
        }

        var (_, logVariance) = network.Decode(zeros(1, 2));

        Assert.True(logVariance.isfinite().all().item<bool>());
        Assert.Equal(network.Architecture.LogVarianceFloor, logVariance.min().item<float>(), 3);
    }

    [Fact]
    public void ASharedVarianceDecoderOutputsTheMeanAndTheCalibratedVariance()
    {
        using var scope = NewDisposeScope();
        var shape = new ImageShape(3, 16, 16);
        using var network = new VaeNetwork(new VaeArchitecture(shape, 2, 4, 0.05, DecoderVariance.Shared));

        network.CalibrateDecoder(tensor(-3.5f));
        var (mean, logVariance) = network.Decode(zeros(5, 2));

        Assert.Equal(shape.AsBatch(5), mean.shape);
        Assert.Equal([1L, 1, 1, 1], logVariance.shape);
        Assert.Equal(-3.5f, logVariance.item<float>());
        Assert.DoesNotContain(network.parameters(), parameter => parameter.requires_grad && parameter.numel() == 1);
    }

    [Fact]
    public void ResetParametersIsReproducibleFromTheGenerator()
    {
        var architecture = new VaeArchitecture(new ImageShape(1, 16, 16), 2, 4, 0.05, DecoderVariance.PerPixel);
        using var first = new VaeNetwork(architecture);
        using var second = new VaeNetwork(architecture);
        using (var generator = new Generator(5))
            first.ResetParameters(generator);
        using (var generator = new Generator(5))
            second.ResetParameters(generator);

        foreach (var ((name, a), (_, b)) in first.named_parameters().Zip(second.named_parameters()))
            Assert.True(TensorComparison.Identical(a, b), name);
    }

    [Fact]
    public void ReparameteriseScalesTheNoiseByTheStandardDeviation()
    {
        using var scope = NewDisposeScope();
        var z = VaeNetwork.Reparameterise(tensor(new[] { 1f, -2f }), tensor(new[] { 0f, MathF.Log(9f) }), tensor(new[] { 0.5f, 1f }));

        Assert.Equal(new[] { 1.5f, 1f }, z.data<float>().ToArray());
    }
}
