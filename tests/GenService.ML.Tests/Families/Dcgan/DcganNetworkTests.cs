using GenService.ML.Adversarial;
using GenService.ML.Families;
using GenService.ML.Families.Dcgan;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.Dcgan;

public sealed class DcganNetworkTests
{
    public DcganNetworkTests() => _ = TestTorch.Runtime;

    [Theory]
    [InlineData(1, 32, CriticNormalisation.BatchNorm)]
    [InlineData(3, 32, CriticNormalisation.LayerNorm)]
    [InlineData(1, 64, CriticNormalisation.LayerNorm)]
    [InlineData(3, 64, CriticNormalisation.BatchNorm)]
    [InlineData(1, 128, CriticNormalisation.BatchNorm)]
    [InlineData(3, 128, CriticNormalisation.LayerNorm)]
    public void Generator_makes_images_of_the_architecture_and_discriminator_scores_each(int channels, int size, CriticNormalisation normalisation)
    {
        using var scope = NewDisposeScope();
        var architecture = new DcganArchitecture(new ImageShape(channels, size, size), LatentDim: 8, BaseChannels: 2, normalisation);
        using var generator = new DcganGenerator(architecture);
        using var discriminator = new DcganDiscriminator(architecture);

        var images = generator.forward(randn(3, 8));
        var scores = discriminator.forward(images);

        Assert.Equal([3L, channels, size, size], images.shape);
        Assert.True(images.abs().max().item<float>() <= 1);
        Assert.Equal([3L], scores.shape);
    }

    [Fact]
    public void Channels_double_with_every_halving_up_to_eight_times_the_base()
    {
        var architecture = new DcganArchitecture(new ImageShape(3, 128, 128), LatentDim: 100, BaseChannels: 64, CriticNormalisation.BatchNorm);

        Assert.Equal([4, 8, 16, 32, 64], architecture.HiddenResolutions());
        Assert.Equal([512, 512, 256, 128, 64], architecture.HiddenResolutions().Select(architecture.Channels));
    }

    [Fact]
    public void Paper_width_at_64_pixels_is_1024_channels_at_4x4()
    {
        var architecture = new DcganArchitecture(new ImageShape(3, 64, 64), LatentDim: 100, BaseChannels: 128, CriticNormalisation.BatchNorm);

        Assert.Equal([1024, 512, 256, 128], architecture.HiddenResolutions().Select(architecture.Channels));
    }

    [Fact]
    public void Initialisation_draws_weights_from_N_0_002_and_depends_only_on_the_seed()
    {
        var architecture = new DcganArchitecture(new ImageShape(1, 32, 32), LatentDim: 100, BaseChannels: 16, CriticNormalisation.BatchNorm);
        using var first = new DcganGenerator(architecture);
        using var second = new DcganGenerator(architecture);
        using (var generator = new Generator(5))
            GaussianInitialisation.Apply(first, generator);
        using (var generator = new Generator(5))
            GaussianInitialisation.Apply(second, generator);
        using var scope = NewDisposeScope();

        var weights = first.named_parameters().Where(p => p.name.EndsWith("convolution.weight", StringComparison.Ordinal)).Select(p => p.parameter.flatten());
        var all = cat(weights.ToArray());

        Assert.InRange(all.std().item<float>(), 0.019, 0.021);
        Assert.InRange(all.mean().item<float>(), -0.001, 0.001);
        Assert.All(first.parameters().Zip(second.parameters()), pair => Assert.True(pair.First.equal(pair.Second).all().item<bool>()));
    }

    [Theory]
    [InlineData(1, 28, 28, null)]
    [InlineData(3, 32, 32, null)]
    [InlineData(3, 100, 100, null)]
    [InlineData(1, 128, 128, null)]
    [InlineData(4, 32, 32, "1 or 3 channels")]
    [InlineData(1, 32, 48, "square")]
    [InlineData(3, 256, 256, "at most 128x128")]
    public void Datasets_are_checked_with_a_reason(int channels, int height, int width, string? reason)
    {
        var found = new DcganFamily().CheckDataset(new ImageShape(channels, height, width));

        if (reason is null)
            Assert.Null(found);
        else
            Assert.Contains(reason, found, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(28, 32)]
    [InlineData(32, 32)]
    [InlineData(33, 64)]
    [InlineData(96, 128)]
    [InlineData(8, 32)]
    public void A_dataset_trains_at_the_next_generated_size(int datasetSize, int outputSize) =>
        Assert.Equal(new ImageShape(1, outputSize, outputSize), new DcganFamily().OutputShape(new ImageShape(1, datasetSize, datasetSize)));
}
