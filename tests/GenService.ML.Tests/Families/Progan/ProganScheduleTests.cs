using GenService.ML.Families;
using GenService.ML.Families.Progan;

namespace GenService.ML.Tests.Families.Progan;

public sealed class ProganScheduleTests
{
    /// <summary>The default 32x32 run: 2000 steps, 70 % of them at 32x32 stable; the other 600 are six phases of 100
    /// (4x4; fade and stable 8x8; fade and stable 16x16; fade 32x32).</summary>
    [Theory]
    [InlineData(0, 4, 1.0)]
    [InlineData(99, 4, 1.0)]
    [InlineData(100, 8, 0.0)]
    [InlineData(150, 8, 0.5)]
    [InlineData(199, 8, 0.99)]
    [InlineData(200, 8, 1.0)]
    [InlineData(299, 8, 1.0)]
    [InlineData(300, 16, 0.0)]
    [InlineData(400, 16, 1.0)]
    [InlineData(500, 32, 0.0)]
    [InlineData(550, 32, 0.5)]
    [InlineData(600, 32, 1.0)]
    [InlineData(1999, 32, 1.0)]
    [InlineData(10_000, 32, 1.0)]
    public void The_default_run_grows_in_equal_phases_then_trains_the_final_resolution(long step, int resolution, double alpha)
    {
        var phase = DefaultRun.PhaseAt(step);

        Assert.Equal(resolution, phase.Resolution);
        Assert.Equal(alpha, phase.Alpha, 4);
    }

    [Fact]
    public void The_default_run_spends_its_final_share_at_the_final_resolution_stable()
    {
        var stableAtTheEnd = Enumerable.Range(0, 2000).Count(step => DefaultRun.PhaseAt(step) == new ProganPhase(3, 1));

        Assert.Equal(100, DefaultRun.PhaseSteps);
        Assert.Equal(1400, stableAtTheEnd);
    }

    [Fact]
    public void A_phase_starts_where_a_fade_in_begins_or_ends_and_nowhere_else()
    {
        var starts = Enumerable.Range(0, 2000).Where(step => DefaultRun.StartsPhase(step));

        Assert.Equal([100, 200, 300, 400, 500, 600], starts);
    }

    [Fact]
    public void Alpha_rises_monotonically_within_a_level_and_the_resolution_never_shrinks()
    {
        var schedule = new ProganSchedule(Levels: 6, TotalSteps: 1003, FinalShare: 0.5);
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
    public void A_run_shorter_than_its_phases_gives_each_phase_one_step()
    {
        var schedule = new ProganSchedule(Levels: 4, TotalSteps: 2, FinalShare: 0.7);

        Assert.Equal(new ProganPhase(0, 1), schedule.PhaseAt(0));
        Assert.Equal(new ProganPhase(1, 0), schedule.PhaseAt(1));
        Assert.Equal(new ProganPhase(1, 1), schedule.PhaseAt(2));
        Assert.Equal(new ProganPhase(3, 0), schedule.PhaseAt(5));
        Assert.Equal(new ProganPhase(3, 1), schedule.PhaseAt(6));
    }

    /// <summary>The schedule of a 32x32 run (4x4 to 32x32: four levels) with the default hyperparameters.</summary>
    private static ProganSchedule DefaultRun { get; } = DefaultScheduleAt32();

    private static ProganSchedule DefaultScheduleAt32()
    {
        var defaults = ProganHyperparameters.From(Hyperparameters.Validate(ProganHyperparameters.Specs, null, out _));
        return new ProganSchedule(Levels: 4, defaults.Steps, defaults.FinalShare);
    }
}
