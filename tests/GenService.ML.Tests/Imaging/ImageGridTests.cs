using GenService.ML.Imaging;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Imaging;

public class ImageGridTests
{
    public ImageGridTests() => _ = TestTorch.Runtime;

    [Fact]
    public void TilesRowByRowWithPaddingAroundEveryImage()
    {
        using var scope = NewDisposeScope();
        // Five 4×4 images, each filled with its index + 1, three to a row.
        var images = arange(1, 6, ScalarType.Byte).view(5, 1, 1, 1).expand(5, 1, 4, 4).contiguous();

        var grid = ImageGrid.Tile(images, columns: 3, padding: 1);

        Assert.Equal([1L, 2 * 5 + 1, 3 * 5 + 1], grid.shape);
        Assert.Equal(ScalarType.Byte, grid.dtype);
        Assert.Equal(1, grid[0, 1, 1].item<byte>());
        Assert.Equal(3, grid[0, 1, 11].item<byte>());
        Assert.Equal(4, grid[0, 6, 1].item<byte>());
        Assert.Equal(5, grid[0, 9, 9].item<byte>());
        Assert.Equal(0, grid[0, 6, 11].item<byte>()); // the empty sixth cell
        Assert.Equal(0, grid[0, 0].max().item<byte>()); // the padding row
    }

    [Fact]
    public void FewerImagesThanColumnsMakeOneRow()
    {
        using var scope = NewDisposeScope();

        var grid = ImageGrid.Tile(rand(2, 3, 8, 8), columns: 8, padding: 2, padValue: 1);

        Assert.Equal([3L, 12, 22], grid.shape);
        Assert.Equal(1f, grid[0, 0, 0].item<float>());
    }
}
