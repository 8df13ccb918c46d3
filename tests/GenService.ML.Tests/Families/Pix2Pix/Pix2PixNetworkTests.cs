using GenService.ML.Families;
using GenService.ML.Families.Pix2Pix;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.Pix2Pix;

public sealed class Pix2PixNetworkTests
{
    public Pix2PixNetworkTests() => _ = TestTorch.Runtime;

    [Theory]
    [InlineData(1, 1, 32, 5)]
    [InlineData(1, 3, 32, 5)]
    [InlineData(3, 3, 64, 6)]
    [InlineData(1, 3, 256, 8)]
    public void The_unet_maps_inputs_to_outputs_of_the_same_size_through_a_1x1_bottleneck(int inputChannels, int outputChannels, int size, int levels)
    {
        var architecture = new Pix2PixArchitecture(inputChannels, new ImageShape(outputChannels, size, size), BaseChannels: 4);
        using var generator = new UnetGenerator(architecture);
        generator.eval();
        using var scope = NewDisposeScope();
        using var noise = DropoutNoise.FromSeeds([1, 2]);

        var outputs = generator.forward(rand(2, inputChannels, size, size) * 2 - 1, noise);

        Assert.Equal(levels, architecture.Levels);
        Assert.Equal([2L, outputChannels, size, size], outputs.shape);
        Assert.True(outputs.abs().le(1).all().item<bool>());
    }

    [Theory]
    [InlineData(32, 1, 14, 16)]
    [InlineData(64, 1, 30, 16)]
    [InlineData(128, 2, 30, 34)]
    [InlineData(256, 3, 30, 70)]
    public void The_patchgan_scores_patches_of_the_pair_with_the_papers_receptive_field_at_256(int size, int layers, int patches, int receptiveField)
    {
        var architecture = new Pix2PixArchitecture(1, new ImageShape(3, size, size), BaseChannels: 4);
        using var discriminator = new PatchGanDiscriminator(architecture);
        using var scope = NewDisposeScope();

        var scores = discriminator.forward(zeros(2, 1, size, size), zeros(2, 3, size, size));

        Assert.Equal(layers, architecture.DiscriminatorLayers);
        Assert.Equal([2L, 1, patches, patches], scores.shape);
        Assert.Equal(receptiveField, Pix2PixArchitecture.ReceptiveField(layers));
    }

    [Fact]
    public void The_first_skip_connection_carries_the_input_when_every_deeper_encoder_block_is_silenced()
    {
        var architecture = new Pix2PixArchitecture(1, new ImageShape(1, 32, 32), BaseChannels: 4);
        using var generator = new UnetGenerator(architecture);
        generator.eval();
        using (no_grad())
        {
            foreach (var (_, parameter) in generator.named_parameters().Where(p => p.name.StartsWith("encoder.") && !p.name.StartsWith("encoder.0.")))
                parameter.zero_();
        }
        using var scope = NewDisposeScope();
        var input = zeros(1, 1, 32, 32);
        var changed = input.clone();
        changed[0, 0, 10, 10] = tensor(1f);

        Tensor Translate(Tensor image)
        {
            using var noise = DropoutNoise.FromSeeds([3]);
            return generator.forward(image, noise);
        }

        // The bottleneck path now gives the same features for every input; only the skip can tell them apart.
        Assert.False(Translate(input).allclose(Translate(changed)));
    }

    [Fact]
    public void Dropout_drops_about_half_of_the_features_and_scales_the_rest_by_two()
    {
        using var scope = NewDisposeScope();
        using var noise = DropoutNoise.FromSeeds([4, 5]);

        var dropped = noise.Apply(ones(2, 8, 16, 16), Pix2PixArchitecture.DropoutRate);

        Assert.True(dropped.eq(0).logical_or(dropped.eq(2)).all().item<bool>());
        Assert.InRange(dropped.eq(0).to_type(ScalarType.Float32).mean().item<float>(), 0.45f, 0.55f);
        Assert.False(dropped[0].equal(dropped[1]).all().item<bool>());
    }

    [Fact]
    public void Each_image_draws_its_dropout_masks_from_its_own_seed()
    {
        using var scope = NewDisposeScope();
        using var alone = DropoutNoise.FromSeeds([9]);
        using var inBatch = DropoutNoise.FromSeeds([1, 9]);

        var mask = alone.Apply(ones(1, 4, 8, 8), 0.5);
        var batchMasks = inBatch.Apply(ones(2, 4, 8, 8), 0.5);

        Assert.True(mask[0].equal(batchMasks[1]).all().item<bool>());
    }

    [Fact]
    public void Sizes_that_are_not_square_or_too_large_are_refused()
    {
        Assert.Null(Pix2PixArchitecture.Check(new ImageShape(3, 256, 256)));
        Assert.NotNull(Pix2PixArchitecture.Check(new ImageShape(3, 512, 512)));
        Assert.NotNull(Pix2PixArchitecture.Check(new ImageShape(3, 32, 64)));
        Assert.NotNull(Pix2PixArchitecture.Check(new ImageShape(4, 32, 32)));
        Assert.Equal(new ImageShape(1, 32, 32), Pix2PixArchitecture.OutputShape(new ImageShape(1, 28, 28)));
        Assert.Equal(new ImageShape(3, 128, 128), Pix2PixArchitecture.OutputShape(new ImageShape(3, 96, 96)));
    }
}
