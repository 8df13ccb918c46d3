using GenService.Api.Inference;

namespace GenService.Api.Tests.Inference;

/// <summary>Super-resolve counts for the admission rule by its input's area, not as one image.</summary>
public class SuperResolveAdmissionTests
{
    // The shipped defaults: 30 s deadline, half of it for queued work.
    private static readonly InferenceOptions Options = new();

    [Theory]
    [InlineData(16, 16, 1)]      // smaller than a tile: one unit, as a sample
    [InlineData(128, 128, 1)]    // one 128x128 tile
    [InlineData(129, 128, 2)]
    [InlineData(1080, 1920, 127)] // a full-HD photo: 2 073 600 / 16 384, rounded up
    public void ItsCostIsItsInputPixelsInTiles(int height, int width, long cost)
    {
        Assert.Equal(cost, Upscale(height, width).Cost);
        Assert.Equal(1, Upscale(height, width).ImageCount);
    }

    [Fact]
    public void AQueueOfLargeSuperResolvesIsRefusedWhereAsManySmallOnesAreAdmitted()
    {
        // 50 ms a unit of work, as measured on earlier batches: three full-HD upscales are 19 s of work.
        var large = Enumerable.Range(0, 3).Select(_ => Upscale(1080, 1920)).ToList();
        var small = Enumerable.Range(0, 3).Select(_ => Upscale(64, 64)).ToList();

        Assert.False(AdmissionRule.Admits(new DeviceLoad(large.Count, large.Sum(work => work.Cost), 0.05), Options));
        Assert.True(AdmissionRule.Admits(new DeviceLoad(small.Count, small.Sum(work => work.Cost), 0.05), Options));
    }

    [Fact]
    public void SamplesStillCostOneUnitAnImage() =>
        Assert.Equal(16, new SampleWork(Enumerable.Range(0, 16).Select(i => (long)i).ToList()).Cost);

    private static SuperResolveWork Upscale(int height, int width) =>
        new(new byte[height * width], 1, height, width, null, height * 4, width * 4);
}
