using GenService.ML.Datasets;
using GenService.ML.Datasets.Landscapes;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Datasets;

public sealed class LabelMapSetTests
{
    public LabelMapSetTests() => _ = TestTorch.Runtime;

    [Fact]
    public void Maps_resize_by_the_nearest_pixel_centre_and_never_blend_indices()
    {
        using var scope = NewDisposeScope();
        var maps = arange(16, dtype: ScalarType.Byte).view(1, 4, 4);

        Assert.Equal(new byte[] { 5, 7, 13, 15 }, LabelMapSet.ResizeNearest(maps, 2).data<byte>().ToArray());
        Assert.Equal(maps.data<byte>().ToArray(), LabelMapSet.ResizeNearest(maps, 4).data<byte>().ToArray());
        Assert.Equal([1L, 8, 8], LabelMapSet.ResizeNearest(maps, 8).shape);
    }

    [Fact]
    public void Selecting_and_resizing_keep_each_image_with_its_map_classes_and_label()
    {
        using var set = LandscapeSet.Draw(seed: 2, count: 3, size: 64);
        using var indices = tensor(new long[] { 2, 0 });

        using var selected = set.Select(indices);
        using var resized = selected.ResizedTo(32);

        Assert.Equal([2L, 3, 32, 32], resized.Images.shape);
        Assert.Equal([2L, 32, 32], resized.Maps.shape);
        Assert.Equal(set.Maps[2, 1, 1].item<byte>(), resized.Maps[0, 0, 0].item<byte>());
        Assert.Equal(set.ImageLabels![2].item<byte>(), resized.ImageLabels![0].item<byte>());
        Assert.Same(set.Classes, resized.Classes);
    }
}
