using GenService.ML.Datasets;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Datasets;

public sealed class ImagePairsTests
{
    public ImagePairsTests() => _ = TestTorch.Runtime;

    [Fact]
    public void Batches_are_float_pairs_in_the_unit_range_in_index_order()
    {
        using var scope = NewDisposeScope();
        var inputs = arange(4, dtype: ScalarType.Byte).view(4, 1, 1, 1).expand(4, 1, 2, 2).contiguous();
        var targets = full([4, 3, 2, 2], 255, ScalarType.Byte);
        using var pairs = new ImagePairs(inputs, targets);

        var (a, b) = pairs.Batch(tensor(new long[] { 3, 1 }), CPU);

        Assert.Equal([2L, 1, 2, 2], a.shape);
        Assert.Equal([2L, 3, 2, 2], b.shape);
        Assert.Equal(ScalarType.Float32, a.dtype);
        Assert.Equal(3 / 255f, a[0, 0, 0, 0].item<float>());
        Assert.Equal(1 / 255f, a[1, 0, 0, 0].item<float>());
        Assert.True(b.eq(1).all().item<bool>());
    }

    public static TheoryData<long[], ScalarType, long[], ScalarType> Mismatches => new()
    {
        { [2, 1, 4, 4], ScalarType.Float32, [2, 3, 4, 4], ScalarType.Byte },    // float inputs
        { [2, 1, 4, 4], ScalarType.Byte, [2, 3, 4], ScalarType.Byte },          // targets not [N, C, H, W]
        { [2, 1, 4, 4], ScalarType.Byte, [3, 3, 4, 4], ScalarType.Byte },       // different counts
        { [2, 1, 4, 4], ScalarType.Byte, [2, 3, 8, 8], ScalarType.Byte },       // different sizes
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void Pairs_of_other_types_counts_or_sizes_are_refused(long[] inputShape, ScalarType inputType, long[] targetShape, ScalarType targetType)
    {
        using var inputs = zeros(inputShape, inputType);
        using var targets = zeros(targetShape, targetType);

        Assert.Throws<ArgumentException>(() => new ImagePairs(inputs, targets));
    }
}
