using GenService.ML.Datasets.Trajectories;

namespace GenService.ML.Tests.Datasets.Trajectories;

public sealed class EthUcyFormatTests
{
    /// <summary>Two people walking for <paramref name="frames"/> frames, ten frame numbers apart, as the release writes them.</summary>
    internal static string Walk(int frames, string separator = "\t") =>
        string.Concat(Enumerable.Range(0, frames).SelectMany(f => new[]
        {
            $"{f * 10}.0{separator}1.0{separator}{0.5 * f}{separator}2.0\n",
            $"{f * 10}.0{separator}2.0{separator}{10 - (0.5 * f)}{separator}-1.25\n",
        }));

    private static TrajectoryScene Read(string text, string file = "train/zara1.txt") =>
        EthUcyFormat.Read(new StringReader(text), file, "zara1", TrajectorySplit.Train);

    [Theory]
    [InlineData("\t")]
    [InlineData(" ")]
    [InlineData("  \t ")]
    public void ReadsTabOrSpaceSeparatedLinesWithDecimalFrameAndPedestrianNumbers(string separator)
    {
        var scene = Read(Walk(16, separator));

        Assert.Equal(32, scene.Points.Count);
        Assert.Equal(16, scene.FrameCount);
        Assert.Equal(2, scene.PedestrianCount);
        Assert.Equal(10, scene.FrameStep);
        Assert.Equal(new TrajectoryPoint(150, 2, 2.5, -1.25), scene.Points[^1]);
    }

    [Fact]
    public void WritingAndReadingAgainGivesTheSameScene()
    {
        var scene = Read(Walk(20));
        var text = new StringWriter();

        EthUcyFormat.Write(text, scene);
        var again = Read(text.ToString());

        Assert.Equal(scene.Points, again.Points);
        Assert.StartsWith("0\t1\t0\t2\n", text.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0\t1\tleft\t2.0\n", "line 1: x 'left' is not a finite number")]
    [InlineData("0\t1\t3.0\tNaN\n", "line 1: y 'NaN' is not a finite number")]
    [InlineData("0\t1\t3.0\n", "line 1: 3 fields")]
    [InlineData("\n0.5\t1\t3.0\t2\n", "line 2: frame '0.5' is not a whole number")]
    [InlineData("0\t-1\t3.0\t2\n", "line 1: pedestrian '-1' is not a whole number")]
    public void ABadLineIsNamedWithItsFileAndLine(string badLine, string problem)
    {
        var error = Assert.Throws<TrajectoryFormatException>(() => Read(badLine + Walk(16)));

        Assert.Contains($"train/zara1.txt, {problem}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APedestrianSeenTwiceInAFrameIsRefusedAtTheSecondLine()
    {
        var error = Assert.Throws<TrajectoryFormatException>(() => Read(Walk(16) + "50\t1\t9\t9\n"));

        Assert.Contains("line 33: pedestrian 1 is already at frame 50 (line 11)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APedestrianMissingFromMoreFramesThanTheStatedGapIsRefused()
    {
        var lines = Walk(16).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        var withinGap = lines.Where((line, i) => i is not (9 or 11)).ToList();
        var beyondGap = lines.Where((line, i) => i is not (9 or 11 or 13)).ToList();

        Read(string.Join('\n', withinGap));
        var error = Assert.Throws<TrajectoryFormatException>(() => Read(string.Join('\n', beyondGap)));

        Assert.Contains($"line 13: pedestrian 2 reappears at frame 70 after {EthUcyFormat.MaxMissingFrames + 1} frames unseen", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFrameOffTheFileFrameStepIsRefused()
    {
        var error = Assert.Throws<TrajectoryFormatException>(() => Read(Walk(16) + "153\t3\t1\t1\n" + "163\t3\t1\t1\n"));

        Assert.Contains("line 3: frame 10 is not a whole number of frame steps (3, the smallest gap between frame numbers)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileWithFewerFramesThanObservedAndPredictedStepsIsRefused()
    {
        var error = Assert.Throws<TrajectoryFormatException>(() => Read(Walk(EthUcyFormat.MinFrames - 1)));

        Assert.Contains("train/zara1.txt: 15 frames; a scene needs at least 16", error.Message, StringComparison.Ordinal);
    }
}
