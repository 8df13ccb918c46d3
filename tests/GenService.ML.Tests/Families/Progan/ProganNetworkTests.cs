using GenService.ML.Families;
using GenService.ML.Families.Progan;
using GenService.ML.Tests.Families.Vae;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.Progan;

public sealed class ProganNetworkTests
{
    public ProganNetworkTests() => _ = TestTorch.Runtime;

    public static TheoryData<int, int> Shapes => new() { { 1, 32 }, { 3, 32 }, { 1, 64 }, { 3, 64 }, { 1, 128 }, { 3, 128 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void At_every_level_and_fade_G_draws_at_that_resolution_and_D_scores_each_image(int channels, int size)
    {
        var architecture = new ProganArchitecture(new ImageShape(channels, size, size), LatentDim: 8, Channels: 4, MinibatchGroupSize: 4);
        using var generator = new ProganGenerator(architecture);
        using var discriminator = new ProganDiscriminator(architecture);

        for (var level = 0; level < architecture.Levels; level++)
        {
            foreach (var alpha in level == 0 ? [1.0] : new[] { 0.0, 0.3, 1.0 })
            {
                using var scope = NewDisposeScope();
                var phase = new ProganPhase(level, alpha);

                var images = generator.forward(randn(4, 8), phase);
                var scores = discriminator.forward(images, phase);

                Assert.Equal([4L, channels, phase.Resolution, phase.Resolution], images.shape);
                Assert.Equal([4L], scores.shape);
            }
        }
        Assert.Equal(size, ProganArchitecture.Resolution(architecture.Levels - 1));
    }

    [Fact]
    public void At_alpha_zero_the_new_level_shows_the_previous_levels_image_enlarged()
    {
        var architecture = new ProganArchitecture(new ImageShape(1, 32, 32), LatentDim: 8, Channels: 4, MinibatchGroupSize: 4);
        using var generator = new ProganGenerator(architecture);
        using var scope = NewDisposeScope();
        var latents = randn(2, 8);

        var entering = generator.forward(latents, new ProganPhase(2, 0));
        var previous = generator.forward(latents, new ProganPhase(1, 1));

        Assert.True(TensorComparison.Close(entering, ProganGenerator.Upsample(previous), 1e-5));
    }

    [Fact]
    public void Channels_follow_the_papers_rule_full_width_up_to_32_then_halving()
    {
        var architecture = new ProganArchitecture(new ImageShape(3, 128, 128), LatentDim: 512, Channels: 512, MinibatchGroupSize: 4);

        Assert.Equal(6, architecture.Levels);
        Assert.Equal([512, 512, 512, 512, 256, 128], Enumerable.Range(0, 6).Select(level => architecture.ChannelsAt(ProganArchitecture.Resolution(level))));
    }

    [Fact]
    public void Datasets_are_checked_and_resized_like_the_dcgans()
    {
        var family = new ProganFamily();

        Assert.Null(family.CheckDataset(new ImageShape(1, 28, 28)));
        Assert.Equal(new ImageShape(1, 32, 32), family.OutputShape(new ImageShape(1, 28, 28)));
        Assert.Contains("at most 128x128", family.CheckDataset(new ImageShape(3, 256, 256)), StringComparison.Ordinal);
    }
}
