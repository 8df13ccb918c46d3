using GenService.Api.Training;
using ScottPlot;

namespace GenService.Api.Plots;

/// <summary>The loss curves of a training run: one panel per name, training and held-out values against the step.</summary>
public static class LossPlot
{
    public const string TrainSplit = "train";
    public const string ValidationSplit = "validation";

    public static Multiplot Build(IReadOnlyList<TrainingRunMetricResponse> metrics)
    {
        var multiplot = new Multiplot();
        var names = metrics.OrderBy(m => m.Split == TrainSplit ? 0 : 1).SelectMany(m => m.Values.Keys).Distinct().ToList();
        if (names.Count == 0)
        {
            multiplot.Reset(Empty("No losses recorded yet"));
            return multiplot;
        }

        multiplot.Reset(Panel(metrics, names[0]));
        foreach (var name in names.Skip(1))
            multiplot.AddPlot(Panel(metrics, name));
        return multiplot;
    }

    private static Plot Panel(IReadOnlyList<TrainingRunMetricResponse> metrics, string name)
    {
        var plot = new Plot();
        foreach (var split in new[] { TrainSplit, ValidationSplit })
        {
            var points = metrics.Where(m => m.Split == split && m.Values.ContainsKey(name)).OrderBy(m => m.Step).ToList();
            if (points.Count == 0)
                continue;
            var line = plot.Add.Scatter(points.Select(p => (double)p.Step).ToArray(), points.Select(p => p.Values[name]).ToArray());
            line.LegendText = split == TrainSplit ? "train (mean since last report)" : "held-out";
            line.MarkerSize = split == TrainSplit ? 0 : 6;
            line.LineWidth = split == TrainSplit ? 1.5f : 2;
        }
        plot.Title(name);
        StepAxis.Apply(plot);
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    internal static Plot Empty(string message)
    {
        var plot = new Plot();
        plot.Title(message);
        StepAxis.Apply(plot);
        return plot;
    }
}
