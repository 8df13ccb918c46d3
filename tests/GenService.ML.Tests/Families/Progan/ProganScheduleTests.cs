using GenService.ML.Families.Progan;

namespace GenService.ML.Tests.Families.Progan;

public sealed class ProganScheduleTests
{
    /// <summary>32x32: levels 4, 8, 16, 32, 100 steps each; fades take the first 50 of a level.</summary>
    [Theory]
    [InlineData(0, 4, 1.0)]
    [InlineData(99, 4, 1.0)]
    [InlineData(100, 8, 0.0)]
    [InlineData(125, 8, 0.5)]
    [InlineData(149, 8, 0.98)]
    [InlineData(150, 8, 1.0)]
    [InlineData(199, 8, 1.0)]
    [InlineData(200, 16, 0.0)]
    [InlineData(310, 32, 0.2)]
    [InlineData(399, 32, 1.0)]
    [InlineData(5000, 32, 1.0)]
    public void Each_resolution_gets_an_equal_share_half_fading_half_stable(long step, int resolution, double alpha)
    {
        var phase = new ProganSchedule(Levels: 4, TotalSteps: 400).PhaseAt(step);

        Assert.Equal(resolution, phase.Resolution);
        Assert.Equal(alpha, phase.Alpha, 10);
    }

    [Fact]
    public void Alpha_rises_monotonically_within_a_level_and_the_resolution_never_shrinks()
    {
        var schedule = new ProganSchedule(Levels: 6, TotalSteps: 1003);
        var phases = Enumerable.Range(0, 1003).Select(step => schedule.PhaseAt(step)).ToList();

        Assert.All(phases.Zip(phases.Skip(1)), pair =>
        {
            Assert.True(pair.Second.Level >= pair.First.Level);
            if (pair.Second.Level == pair.First.Level)
                Assert.True(pair.Second.Alpha >= pair.First.Alpha);
        });
        Assert.Equal(128, phases[^1].Resolution);
        Assert.Equal(1, phases[^1].Alpha);
    }

    [Fact]
    public void A_run_shorter_than_the_levels_still_ends_at_the_final_resolution()
    {
        var schedule = new ProganSchedule(Levels: 4, TotalSteps: 2);

        Assert.Equal(4, schedule.PhaseAt(0).Resolution);
        Assert.Equal(8, schedule.PhaseAt(1).Resolution);
        Assert.Equal(32, schedule.PhaseAt(3).Resolution);
    }
}
