using GenService.ML.Families;
using GenService.ML.Families.CycleGan;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.CycleGan;

public sealed class CycleGanNetworkTests
{
    public CycleGanNetworkTests() => _ = TestTorch.Runtime;

    [Theory]
    [InlineData(1, 16)]
    [InlineData(3, 28)]
    [InlineData(3, 32)]
    public void The_generator_keeps_the_shape_and_stays_in_the_tanh_range(int channels, int size)
    {
        using var generator = new ResnetGenerator(new CycleGanArchitecture(new ImageShape(channels, size, size), BaseChannels: 4, ResidualBlocks: 2));
        using var scope = NewDisposeScope();

        var output = generator.forward(rand(2, channels, size, size) * 2 - 1);

        Assert.Equal([2L, channels, size, size], output.shape);
        Assert.True(output.abs().lt(1).all().item<bool>());
    }

    [Fact]
    public void The_generator_has_the_papers_ladder_of_layers()
    {
        using var generator = new ResnetGenerator(new CycleGanArchitecture(new ImageShape(3, 32, 32), BaseChannels: 4, ResidualBlocks: 2));

        var shapes = generator.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);

        Assert.Equal([4L, 3, 7, 7], shapes["fromImage.conv.weight"]);              // c7s1-k
        Assert.Equal([8L, 4, 3, 3], shapes["downsample.down1.0.weight"]);          // d2k
        Assert.Equal([16L, 8, 3, 3], shapes["downsample.down2.0.weight"]);         // d4k
        Assert.Equal([16L, 16, 3, 3], shapes["residuals.block2.residual.conv2.weight"]);
        Assert.Equal([16L, 8, 3, 3], shapes["upsample.up1.0.weight"]);             // u2k (transposed: in, out)
        Assert.Equal([3L, 4, 7, 7], shapes["toImage.conv.weight"]);                // c7s1-3
        Assert.DoesNotContain(shapes.Keys, name => name.Contains("norm", StringComparison.Ordinal));    // instance norm, no affine
    }

    [Theory]
    [InlineData(16, 2, 2)]     // 16 → 8 → 4 → 3 → 2
    [InlineData(28, 2, 5)]     // 28 → 14 → 7 → 6 → 5
    [InlineData(32, 3, 2)]     // the paper's 70x70: 32 → 16 → 8 → 4 → 3 → 2
    [InlineData(128, 3, 14)]
    public void The_discriminator_scores_patches_with_the_papers_depth_where_the_image_allows(int size, int layers, int patches)
    {
        var architecture = new CycleGanArchitecture(new ImageShape(1, size, size), BaseChannels: 4, ResidualBlocks: 1);
        using var discriminator = new CycleGanDiscriminator(architecture);
        using var scope = NewDisposeScope();

        var scores = discriminator.forward(rand(2, 1, size, size));

        Assert.Equal(layers, architecture.DiscriminatorLayers);
        Assert.Equal([2L, 1, patches, patches], scores.shape);
    }

    [Fact]
    public void Sizes_are_rounded_up_to_a_multiple_of_four_and_other_shapes_are_refused()
    {
        Assert.Equal(new ImageShape(1, 28, 28), CycleGanArchitecture.OutputShape(new ImageShape(1, 28, 28)));
        Assert.Equal(new ImageShape(3, 20, 20), CycleGanArchitecture.OutputShape(new ImageShape(3, 18, 18)));
        Assert.NotNull(CycleGanArchitecture.Check(new ImageShape(1, 28, 32)));
        Assert.NotNull(CycleGanArchitecture.Check(new ImageShape(2, 28, 28)));
        Assert.NotNull(CycleGanArchitecture.Check(new ImageShape(1, 12, 12)));
        Assert.NotNull(CycleGanArchitecture.Check(new ImageShape(1, 512, 512)));
        Assert.Null(CycleGanArchitecture.Check(new ImageShape(3, 256, 256)));
    }
}
