using GenService.Api.Entities;
using GenService.Api.Evaluation;
using ScottPlot;

namespace GenService.Api.Plots;

/// <summary>A model's evaluation figures over checkpoint steps, each panel with the floor (held-out real
/// images) and the ceiling (the untrained model) of the newest evaluation as dashed lines.</summary>
public static class EvaluationPlot
{
    private static readonly (string Figure, string Title)[] Panels =
    [
        (EvaluationFigures.FrechetDistance, "FID-style Fréchet distance (lower is better)"),
        (EvaluationFigures.Kid, "KID ± standard error (lower is better)"),
        (EvaluationFigures.Precision, "Precision (fidelity)"),
        (EvaluationFigures.Recall, "Recall (coverage)"),
        (EvaluationFigures.ShareCloserInFeatures, "Closer to training than held-out, features"),
        (EvaluationFigures.ShareCloserInPixels, "Closer to training than held-out, pixels"),
    ];

    /// <param name="evaluations">Succeeded evaluations that compare (same feature network and sample count), by step.</param>
    public static Multiplot Build(IReadOnlyList<ModelEvaluation> evaluations)
    {
        var multiplot = new Multiplot();
        if (evaluations.Count == 0)
        {
            multiplot.Reset(LossPlot.Empty("No succeeded evaluations yet"));
            return multiplot;
        }

        multiplot.Reset(Panel(evaluations, Panels[0].Figure, Panels[0].Title));
        foreach (var (figure, title) in Panels.Skip(1))
            multiplot.AddPlot(Panel(evaluations, figure, title));
        return multiplot;
    }

    private static Plot Panel(IReadOnlyList<ModelEvaluation> evaluations, string figure, string title)
    {
        var plot = new Plot();
        var steps = evaluations.Select(e => (double)e.Step).ToArray();
        var values = evaluations.Select(e => e.Figures[EvaluationFigures.Name(EvaluationFigures.ModelSet, figure)]).ToArray();
        var model = plot.Add.Scatter(steps, values);
        model.LegendText = "model";
        model.MarkerSize = 7;
        model.LineWidth = 2;
        string? error = figure switch
        {
            EvaluationFigures.Kid => EvaluationFigures.KidStandardError,
            EvaluationFigures.FrechetDistance => EvaluationFigures.FrechetDistanceStandardError,
            _ => null,
        };
        var errorName = error is null ? null : EvaluationFigures.Name(EvaluationFigures.ModelSet, error);
        // Evaluations stored before the Fréchet distance had a standard error get no bars rather than zero ones.
        if (errorName is not null && evaluations.All(e => e.Figures.ContainsKey(errorName)))
        {
            var bars = plot.Add.ErrorBar(steps, values, evaluations.Select(e => e.Figures[errorName]).ToArray());
            bars.Color = model.Color;
        }

        var newest = evaluations.MaxBy(e => e.Step)!.Figures;
        Reference(plot, newest[EvaluationFigures.Name(EvaluationFigures.FloorSet, figure)], "floor: held-out real images", Colors.Green);
        Reference(plot, newest[EvaluationFigures.Name(EvaluationFigures.CeilingSet, figure)], "ceiling: untrained model", Colors.Red);
        plot.Title(title);
        StepAxis.Apply(plot);
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    private static void Reference(Plot plot, double value, string label, Color color)
    {
        var line = plot.Add.HorizontalLine(value);
        line.LegendText = label;
        line.LinePattern = LinePattern.Dashed;
        line.Color = color;
    }
}
