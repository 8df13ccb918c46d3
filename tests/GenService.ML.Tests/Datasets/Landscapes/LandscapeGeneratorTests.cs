using GenService.ML.Datasets.Landscapes;

namespace GenService.ML.Tests.Datasets.Landscapes;

public class LandscapeGeneratorTests
{
    private const int Size = 64;

    private static readonly Landscape[] Sample = LandscapeGenerator.Draw(seed: 7, count: 24, Size);

    [Fact]
    public void TheSameSeedDrawsTheSameBytesAndAnotherSeedOthers()
    {
        var again = LandscapeGenerator.Draw(seed: 7, count: 3, Size);
        var other = LandscapeGenerator.Draw(seed: 8, count: 3, Size);

        for (var i = 0; i < again.Length; i++)
        {
            Assert.Equal(Sample[i].Pixels, again[i].Pixels);
            Assert.Equal(Sample[i].Labels, again[i].Labels);
            Assert.Equal(Sample[i].Style, again[i].Style);
            Assert.NotEqual(Sample[i].Pixels, other[i].Pixels);
        }
    }

    [Fact]
    public void AnImageDependsOnItsIndexNotOnHowManyAreDrawn()
    {
        Assert.Equal(Sample[5].Pixels, LandscapeGenerator.DrawOne(seed: 7, index: 5, Size).Pixels);
        Assert.NotEqual(Sample[4].Pixels, Sample[5].Pixels);
    }

    /// <summary>A fixed checksum: the bytes must not drift between machines or with harmless-looking refactors.</summary>
    [Fact]
    public void TheBytesOfAKnownSeedAreFixed()
    {
        var landscape = LandscapeGenerator.DrawOne(seed: 2026, index: 0, Size);
        var checksum = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([.. landscape.Pixels, .. landscape.Labels]));

        Assert.Equal(KnownChecksum, checksum);
    }

    [Theory]
    [InlineData(LandscapeGenerator.MinSize)]
    [InlineData(LandscapeGenerator.MaxSize)]
    public void AnySizeFromMinToMaxIsDrawnWithMatchingMapAndImage(int size)
    {
        var landscape = LandscapeGenerator.DrawOne(seed: 1, index: 0, size);

        Assert.Equal(3 * size * size, landscape.Pixels.Length);
        Assert.Equal(size * size, landscape.Labels.Length);
        Assert.All(landscape.Labels, label => Assert.InRange(label, 0, LandscapeClasses.All.Count - 1));
    }

    [Fact]
    public void SizesOutsideTheRangeAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LandscapeGenerator.DrawOne(1, 0, LandscapeGenerator.MinSize - 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LandscapeGenerator.DrawOne(1, 0, LandscapeGenerator.MaxSize + 1));
    }

    [Fact]
    public void EveryClassAndEveryStyleAppearsInAFewImages()
    {
        var classes = Sample.SelectMany(landscape => landscape.Labels).Distinct().Order().ToArray();

        Assert.Equal(LandscapeClasses.All.Select(c => (byte)c.Index), classes);
        Assert.Equal(Enum.GetValues<LandscapeStyle>(), Sample.Select(landscape => landscape.Style).Distinct().Order());
    }

    /// <summary>A model must learn texture: inside each class's region the pixels vary, not one flat fill.</summary>
    [Fact]
    public void EveryClassRegionIsTextured()
    {
        foreach (var landscape in Sample)
        {
            foreach (var region in Enumerable.Range(0, LandscapeClasses.All.Count))
            {
                var luma = Luma(landscape, region);
                if (luma.Count < 40)
                    continue;
                var mean = luma.Average();
                var deviation = Math.Sqrt(luma.Average(value => (value - mean) * (value - mean)));
                Assert.True(deviation > 2.0, $"{LandscapeClasses.All[region].Name} in a {landscape.Style} landscape has a luma deviation of {deviation:F2}.");
            }
        }
    }

    [Fact]
    public void StylesLookDifferent()
    {
        var brightness = Sample.GroupBy(landscape => landscape.Style).ToDictionary(
            group => group.Key, group => group.Average(landscape => landscape.Pixels.Average(value => (double)value)));

        Assert.True(brightness[LandscapeStyle.Night] < brightness[LandscapeStyle.Day] - 40);
        Assert.True(brightness[LandscapeStyle.Winter] > brightness[LandscapeStyle.Sunset]);
        var (sunsetRed, sunsetBlue) = (Channel(LandscapeStyle.Sunset, 0), Channel(LandscapeStyle.Sunset, 2));
        var (dayRed, dayBlue) = (Channel(LandscapeStyle.Day, 0), Channel(LandscapeStyle.Day, 2));
        Assert.True(sunsetRed - sunsetBlue > dayRed - dayBlue + 20);
    }

    private static double Channel(LandscapeStyle style, int channel) =>
        Sample.Where(landscape => landscape.Style == style)
            .Average(landscape => landscape.Pixels.Skip(channel * Size * Size).Take(Size * Size).Average(value => (double)value));

    private static List<double> Luma(Landscape landscape, int label)
    {
        var plane = Size * Size;
        var values = new List<double>();
        for (var i = 0; i < plane; i++)
        {
            if (landscape.Labels[i] == label)
                values.Add((0.299 * landscape.Pixels[i]) + (0.587 * landscape.Pixels[plane + i]) + (0.114 * landscape.Pixels[(2 * plane) + i]));
        }
        return values;
    }

    private const string KnownChecksum = "671e45cf9a524ac7e8b5dcbae05b9b5d865c44f889fe770d7efb69461bd0bbe7";
}
