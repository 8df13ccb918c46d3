using GenService.ML.Families;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families;

public class FixedShapeBatchesTests
{
    public FixedShapeBatchesTests() => _ = TestTorch.Runtime;

    [Fact]
    public void APassIsPaddedWithItsLastItem()
    {
        Assert.Equal([4L, 9, 9, 9], FixedShapeBatches.Padded([4L, 9], 4));
        Assert.Equal([4L, 9], FixedShapeBatches.Padded([4L, 9], 2));
        Assert.Throws<ArgumentException>(() => FixedShapeBatches.Padded(Array.Empty<long>(), 4));
        Assert.Throws<ArgumentException>(() => FixedShapeBatches.Padded([1L, 2, 3], 2));
    }

    [Fact]
    public void EverySamplerCallHasTheFixedSizeAndTheImagesComeBackInSeedOrder()
    {
        var sampler = new SeedImages();
        using var scope = NewDisposeScope();

        var images = FixedShapeBatches.Sample(sampler, [3, 1, 4, 1, 5, 9, 2, 6, 5, 3], size: 4);

        Assert.Equal([4, 4, 4], sampler.Calls.Select(call => call.Count));
        Assert.Equal([5L, 3, 3, 3], sampler.Calls[2]);
        Assert.Equal([3f, 1, 4, 1, 5, 9, 2, 6, 5, 3], images.flatten().data<float>().ToArray());
        Assert.Equal([0L, 1, 1, 1], FixedShapeBatches.Sample(sampler, [], size: 4).shape);
    }

    [Fact]
    public void RowsAreMappedInPassesOfTheFixedSize()
    {
        using var scope = NewDisposeScope();
        var sizes = new List<long>();

        var doubled = FixedShapeBatches.Map(arange(5f).view(5, 1), 2, rows =>
        {
            sizes.Add(rows.shape[0]);
            return rows * 2;
        });

        Assert.Equal([2L, 2, 2], sizes);
        Assert.Equal([0f, 2, 4, 6, 8], doubled.flatten().data<float>().ToArray());
    }

    /// <summary>A 1x1 "image" whose pixel is its seed; records the seeds of each call.</summary>
    private sealed class SeedImages : ISampler
    {
        public List<IReadOnlyList<long>> Calls { get; } = [];

        public Tensor Sample(IReadOnlyList<long> seeds)
        {
            Calls.Add(seeds);
            return tensor(seeds.Select(seed => (float)seed).ToArray()).view(-1, 1, 1, 1);
        }
    }
}
