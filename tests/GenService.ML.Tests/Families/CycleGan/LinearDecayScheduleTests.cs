using GenService.ML.Families.CycleGan;

namespace GenService.ML.Tests.Families.CycleGan;

public sealed class LinearDecayScheduleTests
{
    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(99, 1.0)]      // constant for the first half
    [InlineData(100, 1.0)]     // the decay starts from the full rate
    [InlineData(150, 0.5)]
    [InlineData(199, 0.01)]    // the last step's rate
    [InlineData(200, 0.0)]     // zero at the end, and after it
    [InlineData(250, 0.0)]
    public void The_rate_is_constant_for_the_first_half_then_falls_linearly_to_zero(long step, double factor) =>
        Assert.Equal(factor, LinearDecaySchedule.Factor(step, 200), 12);

    [Fact]
    public void An_odd_number_of_steps_keeps_the_shorter_half_constant()
    {
        Assert.Equal(1.0, LinearDecaySchedule.Factor(1, 5));
        Assert.Equal(1.0, LinearDecaySchedule.Factor(2, 5));
        Assert.Equal(2.0 / 3, LinearDecaySchedule.Factor(3, 5), 12);
        Assert.Equal(1.0 / 3, LinearDecaySchedule.Factor(4, 5), 12);
    }
}
