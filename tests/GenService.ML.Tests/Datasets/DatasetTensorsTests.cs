using GenService.ML.Datasets;
using GenService.ML.Families;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Datasets;

public sealed class DatasetTensorsTests
{
    public DatasetTensorsTests() => _ = TestTorch.Runtime;

    [Fact]
    public void ResizingKeepsLabelsAndFlatImagesAsTheyAre()
    {
        using var images = full([5, 3, 28, 28], 200, ScalarType.Byte);
        using var dataset = new DatasetTensors(images.clone(), arange(5, dtype: ScalarType.Int64), ["a", "b"]);

        using var resized = dataset.ResizedTo(32);

        Assert.Equal(new ImageShape(3, 32, 32), resized.Shape);
        Assert.Equal(5, resized.Count);
        Assert.True(resized.Images.eq(200).all().item<bool>());
        Assert.Equal([0L, 1, 2, 3, 4], resized.Labels!.data<long>().ToArray());
        Assert.Equal(["a", "b"], resized.Classes);
    }

    [Fact]
    public void ShrinkingAveragesInsteadOfSkippingPixels()
    {
        // A one-pixel checkerboard: nearest-neighbour would keep only one colour; averaging gives grey
        // (a few levels off at the corners, where the filter is cut off by the border).
        using var checkerboard = (arange(64).reshape(8, 8) + arange(64).reshape(8, 8).div(8, rounding_mode: RoundingMode.floor)).remainder(2).mul(255)
            .to_type(ScalarType.Byte).reshape(1, 1, 8, 8);
        using var dataset = new DatasetTensors(checkerboard.clone(), null, []);

        using var resized = dataset.ResizedTo(4);

        Assert.True(resized.Images.to_type(ScalarType.Int32).sub(128).abs().le(4).all().item<bool>());
    }
}
