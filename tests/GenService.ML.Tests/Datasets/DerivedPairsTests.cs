using GenService.ML.Datasets;
using GenService.ML.Families;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Datasets;

public sealed class DerivedPairsTests
{
    public DerivedPairsTests() => _ = TestTorch.Runtime;

    [Fact]
    public void Grayscale_pairs_the_bt601_luma_with_the_colour_image()
    {
        using var scope = NewDisposeScope();
        // Pure red, green, blue and white pixels.
        var colours = tensor(new byte[] { 255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255 }).view(1, 3, 2, 2);
        using var dataset = new DatasetTensors(colours.clone(), null, []);

        using var pairs = DerivedPairs.Grayscale(dataset);

        Assert.Equal(new ImageShape(1, 2, 2), pairs.InputShape);
        Assert.Equal(new ImageShape(3, 2, 2), pairs.TargetShape);
        Assert.Equal(new byte[] { 76, 150, 29, 255 }, pairs.Inputs.data<byte>().ToArray());    // round(255 × 0.299, 0.587, 0.114, 1)
        Assert.True(pairs.Targets.eq(colours).all().item<bool>());
    }

    [Fact]
    public void Grayscale_pairs_refuse_images_that_are_already_grayscale()
    {
        using var dataset = new DatasetTensors(zeros([2, 1, 4, 4], ScalarType.Byte), null, []);

        var error = Assert.Throws<ArgumentException>(() => DerivedPairs.Grayscale(dataset));
        Assert.Contains("colour", error.Message);
    }

    [Fact]
    public void Edge_pairs_pair_a_one_channel_edge_map_with_the_image_itself()
    {
        using var scope = NewDisposeScope();
        using var generator = new TorchSharp.torch.Generator(5);
        var images = rand([3, 3, 32, 32], generator: generator).mul(255).to_type(ScalarType.Byte);
        using var dataset = new DatasetTensors(images.clone(), null, []);

        using var pairs = DerivedPairs.From(dataset, PairDerivation.Edges);

        Assert.Equal(new ImageShape(1, 32, 32), pairs.InputShape);
        Assert.Equal(3, pairs.Count);
        Assert.True(pairs.Targets.eq(images).all().item<bool>());
        Assert.True(pairs.Inputs.eq(new CannyEdgeDetector().Draw(images)).all().item<bool>());
    }
}
