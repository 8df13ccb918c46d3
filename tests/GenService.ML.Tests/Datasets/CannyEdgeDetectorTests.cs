using GenService.ML.Datasets;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Datasets;

public sealed class CannyEdgeDetectorTests
{
    private const int Size = 32;
    private const int SquareStart = 8;
    private const int SquareEnd = 24;    // exclusive

    public CannyEdgeDetectorTests() => _ = TestTorch.Runtime;

    [Fact]
    public void A_white_square_on_black_gives_its_outline_and_nothing_else()
    {
        using var scope = NewDisposeScope();

        var edges = new CannyEdgeDetector().Detect(WhiteSquare());             // [1, 1, 32, 32]

        var onEdge = edges[0, 0];
        for (var row = 0; row < Size; row++)
        {
            for (var column = 0; column < Size; column++)
            {
                if (onEdge[row, column].item<bool>())
                    Assert.True(DistanceToBoundary(row, column) <= 1, $"edge at ({row}, {column}), away from the square's outline");
            }
        }
        // Each side's middle stretch is marked, and the lines are thin: a side crossed at its middle meets one or two edge pixels.
        for (var along = SquareStart + 2; along < SquareEnd - 2; along++)
        {
            Assert.InRange(onEdge[along].sum().item<long>(), 2, 4);                          // left and right sides
            Assert.InRange(onEdge.select(1, along).sum().item<long>(), 2, 4);                // top and bottom sides
        }
    }

    [Fact]
    public void A_flat_image_has_no_edges()
    {
        using var scope = NewDisposeScope();
        var flat = full([2, 3, Size, Size], 117, ScalarType.Byte);

        Assert.False(new CannyEdgeDetector().Detect(flat).any().item<bool>());
    }

    [Fact]
    public void Drawing_is_black_edges_on_white_and_deterministic()
    {
        using var scope = NewDisposeScope();
        var detector = new CannyEdgeDetector();

        var first = detector.Draw(WhiteSquare());
        var second = detector.Draw(WhiteSquare());

        Assert.Equal(ScalarType.Byte, first.dtype);
        Assert.Equal([1L, 1, Size, Size], first.shape);
        Assert.True(first.eq(second).all().item<bool>());
        Assert.True(first.eq(0).logical_or(first.eq(255)).all().item<bool>());
        Assert.True(first.eq(0).any().item<bool>());
        Assert.Equal(255, first[0, 0, 0, 0].item<byte>());
        Assert.Equal(255, first[0, 0, Size / 2, Size / 2].item<byte>());
    }

    [Fact]
    public void An_image_gets_the_same_edges_alone_and_among_others()
    {
        using var scope = NewDisposeScope();
        using var generator = new TorchSharp.torch.Generator(3);
        var others = rand([3, 3, Size, Size], generator: generator).mul(255).to_type(ScalarType.Byte);
        var detector = new CannyEdgeDetector();

        var alone = detector.Detect(WhiteSquare());
        var together = detector.Detect(cat([others, WhiteSquare()], 0));

        Assert.True(alone[0].eq(together[3]).all().item<bool>());
    }

    /// <returns>uint8 [1, 3, 32, 32]: a 16-pixel white square in the middle of a black image.</returns>
    private static Tensor WhiteSquare()
    {
        var image = zeros([1, 3, Size, Size], ScalarType.Byte);
        image[.., .., TensorIndex.Slice(SquareStart, SquareEnd), TensorIndex.Slice(SquareStart, SquareEnd)] = tensor((byte)255);
        return image;
    }

    /// <summary>Pixels from (row, column) to the nearest pixel on either side of the square's border.</summary>
    private static int DistanceToBoundary(int row, int column)
    {
        var insideRows = row >= SquareStart - 1 && row <= SquareEnd;
        var insideColumns = column >= SquareStart - 1 && column <= SquareEnd;
        var toVertical = Math.Min(Math.Abs(column - SquareStart), Math.Abs(column - (SquareEnd - 1)));
        var toHorizontal = Math.Min(Math.Abs(row - SquareStart), Math.Abs(row - (SquareEnd - 1)));
        return Math.Min(insideRows ? toVertical : int.MaxValue / 2, insideColumns ? toHorizontal : int.MaxValue / 2);
    }
}
