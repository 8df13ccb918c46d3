using GenService.ML.Datasets.Trajectories;

namespace GenService.ML.Tests.Datasets.Trajectories;

public sealed class CrowdSimulatorTests
{
    private static string Text(TrajectoryScene scene)
    {
        var writer = new StringWriter();
        EthUcyFormat.Write(writer, scene);
        return writer.ToString();
    }

    [Fact]
    public void TheSameSeedGivesTheSameFileAndAnotherSeedAnother()
    {
        var first = CrowdSimulator.Simulate(7, 2, 1, 1, frames: 40);
        var again = CrowdSimulator.Simulate(7, 2, 1, 1, frames: 40);
        var other = CrowdSimulator.Simulate(8, 2, 1, 1, frames: 40);

        Assert.Equal(first.Select(Text), again.Select(Text));
        Assert.NotEqual(Text(first[0]), Text(other[0]));
        Assert.NotEqual(Text(first[0]), Text(first[1]));
        Assert.Equal([TrajectorySplit.Train, TrajectorySplit.Train, TrajectorySplit.Validation, TrajectorySplit.Test], first.Select(s => s.Split));
    }

    [Fact]
    public void MoreScenesLeaveTheFirstOnesAsTheyWere()
    {
        var few = CrowdSimulator.Simulate(3, 1, 0, 0, frames: 30);
        var more = CrowdSimulator.Simulate(3, 3, 0, 0, frames: 30);

        Assert.Equal(Text(few[0]), Text(more[0]));
    }

    [Fact]
    public void TheFileReadsBackAsAValidScene()
    {
        var scene = CrowdSimulator.Scene(1, 0, TrajectorySplit.Train, frames: 60);

        var read = EthUcyFormat.Read(new StringReader(Text(scene)), "crowd.txt", scene.Name, scene.Split);

        Assert.Equal(scene.Points, read.Points);
        Assert.Equal(60, read.FrameCount);
        Assert.InRange(read.PedestrianCount, 10, 200);
        Assert.All(read.Points, p => Assert.InRange(p.X, 0, CrowdSimulator.PlazaSide));
    }

    [Fact]
    public void WalkersKeepApartAndWalkAtPedestrianSpeeds()
    {
        var scene = CrowdSimulator.Scene(2, 0, TrajectorySplit.Train, frames: 100);
        var frames = scene.Points.GroupBy(p => p.Frame).ToList();

        var pairs = frames.SelectMany(f => f.SelectMany(a => f.Where(b => b.Pedestrian > a.Pedestrian), (a, b) => Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y))))).ToList();
        var steps = scene.Points.GroupBy(p => p.Pedestrian).SelectMany(track =>
        {
            var ordered = track.OrderBy(p => p.Frame).ToList();
            return ordered.Zip(ordered.Skip(1), (a, b) => Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y))) / EthUcyFormat.FrameSeconds);
        }).ToList();

        Assert.True(pairs.Count > 100, $"{pairs.Count} pairs of people in one frame");
        Assert.True(pairs.Count(d => d < 0.3) < 0.01 * pairs.Count, $"{pairs.Count(d => d < 0.3)} of {pairs.Count} pairs closer than 0.3 m");
        Assert.InRange(steps.Average(), 0.8, 1.6);
    }

    [Fact]
    public void PeopleEnteringAtOneSideLeaveByDifferentSides()
    {
        var scenes = CrowdSimulator.Simulate(4, 3, 0, 0, frames: 200);

        var exits = scenes.SelectMany(s => s.Points.GroupBy(p => p.Pedestrian))
            .Select(track => track.OrderBy(p => p.Frame).ToList())
            .Where(track => track[0].X < 1)
            .Select(track => track[^1])
            .Select(end => end.X > CrowdSimulator.PlazaSide - 1 ? "east" : end.Y < 1 ? "south" : end.Y > CrowdSimulator.PlazaSide - 1 ? "north" : "inside")
            .Where(side => side != "inside")
            .Distinct()
            .Order();

        Assert.Equal(["east", "north", "south"], exits);
    }
}
