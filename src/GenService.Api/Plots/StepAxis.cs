using ScottPlot;

namespace GenService.Api.Plots;

/// <summary>The horizontal axis of every plot: training steps, which are whole numbers.</summary>
internal static class StepAxis
{
    public static void Apply(Plot plot)
    {
        plot.XLabel("step");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
    }
}
