using GenService.ML.Families;
using GenService.ML.Families.Spade;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.Spade;

public sealed class SpadeNetworkTests
{
    public SpadeNetworkTests() => _ = TestTorch.Runtime;

    [Theory]
    [InlineData(32, 3, 4, 4)]
    [InlineData(64, 4, 4, 8)]
    [InlineData(128, 5, 4, 16)]
    [InlineData(256, 5, 8, 16)]
    public void The_generator_grows_from_a_small_start_to_the_image_as_the_papers_at_256(int size, int upsamplings, int startSide, int topMultiplier)
    {
        var architecture = TinySpade.Architecture(size: size);

        Assert.Equal(upsamplings, architecture.Upsamplings);
        Assert.Equal(startSide, architecture.StartSide);
        Assert.Equal(topMultiplier, architecture.TopMultiplier);
        Assert.Equal(size, architecture.StartSide << architecture.Upsamplings);
    }

    [Theory]
    [InlineData(32, 3)]
    [InlineData(64, 1)]
    public void The_generator_renders_one_image_per_style_code_and_map(int size, int channels)
    {
        using var scope = NewDisposeScope();
        var architecture = TinySpade.Architecture(size: size) with { Shape = new ImageShape(channels, size, size) };
        using var generator = new SpadeGenerator(architecture);
        var labels = OneHotLabels.From(zeros([2, size, size], ScalarType.Int64), 3, null);

        var images = generator.forward(randn(2, 8), labels);

        Assert.Equal([2, channels, size, size], images.shape);
        Assert.True(images.abs().max().item<float>() <= 1);
    }

    [Fact]
    public void A_residual_block_learns_its_shortcut_only_when_the_width_changes()
    {
        using var scope = NewDisposeScope();
        var architecture = TinySpade.Architecture();
        using var same = new SpadeResidualBlock(8, 8, architecture);
        using var narrower = new SpadeResidualBlock(8, 4, architecture);
        var labels = OneHotLabels.From(zeros([2, 32, 32], ScalarType.Int64), 3, null);

        Assert.False(same.LearnsShortcut);
        Assert.True(narrower.LearnsShortcut);
        Assert.Equal([2, 4, 16, 16], narrower.forward(randn(2, 8, 16, 16), labels).shape);
    }

    [Fact]
    public void The_style_encoder_gives_a_mean_and_log_variance_per_image()
    {
        using var scope = NewDisposeScope();
        using var encoder = new StyleEncoder(TinySpade.Architecture());

        var (mean, logVariance) = encoder.forward(rand(3, 3, 32, 32) * 2 - 1);

        Assert.Equal([3, 8], mean.shape);
        Assert.Equal([3, 8], logVariance.shape);
    }

    [Fact]
    public void The_discriminator_scores_patches_at_two_scales_and_returns_every_layer()
    {
        using var scope = NewDisposeScope();
        using var discriminator = new MultiscaleDiscriminator(TinySpade.Architecture());
        var labels = OneHotLabels.From(zeros([2, 32, 32], ScalarType.Int64), 3, null);

        var outputs = discriminator.forward(labels, rand(2, 3, 32, 32));

        Assert.Equal(SpadeArchitecture.DiscriminatorScales, outputs.Count);
        Assert.All(outputs, scale => Assert.Equal(SpadeArchitecture.DiscriminatorLayers + 1, scale.Count));
        // 4x4 kernels padded by 2: stride 2 gives S/2 + 1, stride 1 gives S + 1.
        Assert.Equal([2, 1, 7, 7], outputs[0][^1].shape);
        Assert.Equal([2, 1, 5, 5], outputs[1][^1].shape);
        Assert.Equal([2, 8, 9, 9], outputs[0][1].shape);
    }

    [Fact]
    public void The_architecture_round_trips_through_its_header()
    {
        var architecture = TinySpade.Architecture(SpadeNormalisationKind.Instance) with { DontCareIndex = 255 };
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            architecture.Write(writer, "test");
        stream.Position = 0;
        using var reader = new BinaryReader(stream);

        Assert.Equal(architecture, SpadeArchitecture.Read(reader, "test"));
    }
}
