using GenService.ML.Families;
using GenService.ML.Families.SuperResolution;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.SuperResolution;

public sealed class SuperResolutionNetworkTests
{
    public SuperResolutionNetworkTests() => _ = TestTorch.Runtime;

    [Fact]
    public void Pixel_shuffle_moves_channel_2i_plus_j_to_pixel_i_j_of_each_2x2_block()
    {
        using var scope = NewDisposeScope();
        // Four channels of a 2x2 image, channel c holding 4c .. 4c + 3 in row-major order.
        var input = arange(16f).view(1, 4, 2, 2);

        var output = nn.PixelShuffle(2).forward(input);

        // out[2h + i, 2w + j] = in[channel 2i + j][h, w], worked out by hand.
        float[] expected =
        [
            0, 4, 1, 5,
            8, 12, 9, 13,
            2, 6, 3, 7,
            10, 14, 11, 15,
        ];
        Assert.Equal([1L, 1, 4, 4], output.shape);
        Assert.Equal(expected, output.flatten().data<float>().ToArray());
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(1, 4)]
    [InlineData(3, 2)]
    [InlineData(3, 4)]
    public void The_generator_upscales_any_input_size_by_its_scale(int channels, int scale)
    {
        using var generator = new SrResNetGenerator(new SuperResolutionArchitecture(new ImageShape(channels, 16, 16), scale, Channels: 4, ResidualBlocks: 2));
        using var scope = NewDisposeScope();

        var output = generator.forward(rand(2, channels, 7, 12));

        Assert.Equal([2L, channels, 7 * scale, 12 * scale], output.shape);
    }

    [Fact]
    public void The_generator_has_the_papers_ladder_of_modules()
    {
        using var generator = new SrResNetGenerator(new SuperResolutionArchitecture(new ImageShape(3, 96, 96), 4, Channels: 64, ResidualBlocks: 16));

        var names = generator.named_children().Select(child => child.name).ToList();
        var shapes = generator.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);

        Assert.Equal(["head", "headActivation", "residualBlocks", "bodyConvolution", "bodyNormalisation", "upsample", "tail"], names);
        Assert.Equal([64L, 3, 9, 9], shapes["head.weight"]);
        Assert.Equal([64L, 64, 3, 3], shapes["residualBlocks.block15.secondConvolution.weight"]);
        Assert.Equal([256L, 64, 3, 3], shapes["upsample.x4.convolution.weight"]);
        Assert.Equal([3L, 64, 9, 9], shapes["tail.weight"]);
    }

    [Fact]
    public void Blocks_keep_or_double_the_resolution()
    {
        using var residual = new ResidualBlock(6);
        using var upsample = new UpsampleBlock(6);
        using var scope = NewDisposeScope();
        var features = rand(2, 6, 5, 7);

        Assert.Equal([2L, 6, 5, 7], residual.forward(features).shape);
        Assert.Equal([2L, 6, 10, 14], upsample.forward(features).shape);
    }

    [Theory]
    [InlineData(1, 16, 1)]
    [InlineData(3, 24, 2)]
    [InlineData(3, 96, 6)]
    public void The_discriminator_scores_each_crop_after_four_halvings(int channels, int cropSize, int featureSize)
    {
        using var discriminator = new SrganDiscriminator(channels, baseChannels: 4, cropSize);
        using var scope = NewDisposeScope();

        var scores = discriminator.forward(rand(5, channels, cropSize, cropSize));

        Assert.Equal([5L], scores.shape);
        Assert.Equal(featureSize, SrganDiscriminator.FeatureSize(cropSize));
        Assert.Equal(8, discriminator.named_parameters().Count(p => p.name.EndsWith("weight", StringComparison.Ordinal) && p.parameter.dim() == 4));
    }

    [Theory]
    [InlineData(2, 2, 12)]
    [InlineData(4, 3, 14)]
    public void An_input_pixel_reaches_the_outputs_of_input_pixels_up_to_the_receptive_radius_away(int scale, int blocks, int radius)
    {
        var architecture = new SuperResolutionArchitecture(new ImageShape(1, 16, 16), scale, Channels: 4, ResidualBlocks: blocks);
        using var generator = new SrResNetGenerator(architecture);
        generator.eval();
        generator.to(ScalarType.Float64);   // so that the faintest influence at the edge of the field is not rounded away
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        const int size = 41, centre = 20;
        var image = rand([1, 1, size, size], ScalarType.Float64);
        var touched = image.clone();
        touched[0, 0, centre, centre] = touched[0, 0, centre, centre] + 1;

        var changed = (generator.forward(touched) - generator.forward(image)).abs().gt(0)[0, 0];   // [size · s, size · s]
        var rows = changed.any(1).nonzero().flatten().data<long>().ToArray();

        // Output row y is upscaled from input row y / s: the furthest changed one is `radius` input rows away.
        Assert.Equal(radius, rows.Max(y => Math.Abs(y / scale - centre)));
        Assert.Equal(radius, architecture.ReceptiveRadius);
    }

    [Fact]
    public void The_receptive_radius_of_the_papers_network_is_40_input_pixels()
    {
        // 4 (9x9 head) + 2·16 (blocks) + 1 (body) + 1 + ½ (upsampling convolutions) + 4/4 (9x9 tail at ×4) = 39.5.
        Assert.Equal(40, new SuperResolutionArchitecture(new ImageShape(3, 96, 96), 4, 64, 16).ReceptiveRadius);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void With_the_bicubic_skip_a_network_whose_tail_is_zero_outputs_the_bicubic_upscale(int scale)
    {
        using var generator = new SrResNetGenerator(new SuperResolutionArchitecture(new ImageShape(3, 16, 16), scale, Channels: 4, ResidualBlocks: 1, BicubicSkip: true));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (name, parameter) in generator.named_parameters().Where(p => p.name.StartsWith("tail.", StringComparison.Ordinal)))
            parameter.zero_();
        var image = rand(2, 3, 9, 11);

        var output = generator.forward(image);

        var bicubic = nn.functional.interpolate(image, size: [9L * scale, 11L * scale], mode: InterpolationMode.Bicubic, align_corners: false);
        Assert.True(output.allclose(bicubic, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void An_architecture_reads_back_as_written_and_a_version_1_file_has_no_skip()
    {
        var architecture = new SuperResolutionArchitecture(new ImageShape(3, 24, 32), 4, Channels: 8, ResidualBlocks: 3, BicubicSkip: true);
        using var written = new MemoryStream();
        using (var writer = new BinaryWriter(written, System.Text.Encoding.UTF8, leaveOpen: true))
            architecture.Write(writer, "test");
        using var version1 = new MemoryStream();
        using (var writer = new BinaryWriter(version1, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            ModelFileHeader.Write(writer, "test", 1, architecture.Shape);
            writer.Write(4);
            writer.Write(8);
            writer.Write(3);
        }

        written.Position = 0;
        version1.Position = 0;
        Assert.Equal(architecture, SuperResolutionArchitecture.Read(new BinaryReader(written), "test"));
        Assert.Equal(architecture with { BicubicSkip = false }, SuperResolutionArchitecture.Read(new BinaryReader(version1), "test"));
    }

    [Fact]
    public void Initialisation_is_reproducible_from_its_generator()
    {
        var architecture = new SuperResolutionArchitecture(new ImageShape(3, 16, 16), 2, Channels: 4, ResidualBlocks: 1);
        using var first = new SrResNetGenerator(architecture);
        using var second = new SrResNetGenerator(architecture);
        using (var random = new Generator(5))
            DefaultInitialisation.Apply(first, random);
        using (var random = new Generator(5))
            DefaultInitialisation.Apply(second, random);
        using var scope = NewDisposeScope();

        var a = cat(first.parameters().Select(p => p.detach().flatten()).ToArray());
        var b = cat(second.parameters().Select(p => p.detach().flatten()).ToArray());
        Assert.True(a.eq(b).all().item<bool>());
    }
}
