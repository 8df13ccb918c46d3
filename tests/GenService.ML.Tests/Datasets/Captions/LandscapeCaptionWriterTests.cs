using GenService.ML.Datasets.Captions;
using GenService.ML.Datasets.Landscapes;

namespace GenService.ML.Tests.Datasets.Captions;

public class LandscapeCaptionWriterTests
{
    public LandscapeCaptionWriterTests() => _ = TestTorch.Runtime;

    [Fact]
    public void TheImagesAreTheLandscapesOfTheSeedAndTheCaptionsTheSameEachTime()
    {
        using var set = LandscapeCaptionWriter.Write(seed: 5, count: 6, size: 64, captionsPerImage: 2);
        using var again = LandscapeCaptionWriter.Write(seed: 5, count: 6, size: 64, captionsPerImage: 2);
        using var landscapes = LandscapeSet.Draw(seed: 5, count: 6, size: 64);

        Assert.True(set.Images.Images.equal(landscapes.Images).all().item<bool>());
        Assert.Equal(landscapes.ImageLabels!.data<byte>().ToArray().Select(style => (long)style), set.Images.Labels!.data<long>().ToArray());
        Assert.Equal(LandscapeGenerator.StyleNames, set.Images.Classes);
        Assert.Equal(set.Items.SelectMany(item => item.Captions.Concat(item.UnseenPhrasings)), again.Items.SelectMany(item => item.Captions.Concat(item.UnseenPhrasings)));
        Assert.All(set.Items, item => Assert.Equal((2, 2, 1), (item.Captions.Count, item.Captions.Distinct().Count(), item.UnseenPhrasings.Count)));
    }

    [Fact]
    public void EveryCaptionNamesTheStyleAndTheSeaOnlyWhenTheMapHoldsIt()
    {
        using var set = LandscapeCaptionWriter.Write(seed: 2, count: 30, size: 64, captionsPerImage: LandscapeCaptionWriter.MaxCaptionsPerImage);

        using var landscapes = LandscapeSet.Draw(seed: 2, count: 30, size: 64);
        var styles = set.Images.Labels!.data<long>().ToArray();
        var when = new[] { "by day", "at sunset", "at night", "in winter" };
        var light = new[] { "daylight", "sunset", "night", "winter" };
        for (var i = 0; i < set.Count; i++)
        {
            using var map = landscapes.Maps[i];
            var hasSea = map.bytes.ToArray().Count(label => label == (byte)LandscapeClass.Sea) > LandscapeContents.SeaShare * 64 * 64;
            foreach (var caption in set.Items[i].Captions.Concat(set.Items[i].UnseenPhrasings))
            {
                Assert.True(caption.Contains(when[styles[i]], StringComparison.Ordinal) || caption.StartsWith(light[styles[i]] + " over", StringComparison.Ordinal), caption);
                Assert.Equal(hasSea, caption.Contains("sea", StringComparison.Ordinal));
                Assert.Contains("mountains", caption);
            }
        }
        var training = set.Items.SelectMany(item => item.Captions).ToHashSet();
        Assert.DoesNotContain(set.Items.SelectMany(item => item.UnseenPhrasings), training.Contains);
        Assert.Contains(training, caption => caption.Contains("with trees", StringComparison.Ordinal));
        Assert.Contains(training, caption => caption.Contains("under clouds", StringComparison.Ordinal));
    }

    [Fact]
    public void ContentsFollowTheSharesOfTheMap()
    {
        // 1000 pixels: 300 sky, 100 cloud (a quarter of the sky), 300 mountain, 10 sea, 6 tree, 2 rock, the rest grass.
        var labels = new byte[1000];
        Array.Fill(labels, (byte)LandscapeClass.Grass);
        void Paint(LandscapeClass label, int from, int count) => Array.Fill(labels, (byte)label, from, count);
        Paint(LandscapeClass.Sky, 0, 300);
        Paint(LandscapeClass.Cloud, 300, 100);
        Paint(LandscapeClass.Mountain, 400, 300);
        Paint(LandscapeClass.Sea, 700, 10);
        Paint(LandscapeClass.Tree, 710, 6);
        Paint(LandscapeClass.Rock, 716, 2);

        var contents = LandscapeContents.Of(labels, LandscapeStyle.Sunset);

        Assert.Equal(new LandscapeContents(Sea: false, Trees: true, Rocks: false, Clouds: true, ClearSky: false, LandscapeStyle.Sunset), contents);
        Assert.Equal("mountains above a meadow with trees at sunset under clouds", LandscapeCaptionTemplates.Training[0](contents));
    }
}
