using GenService.Api.Entities;
using GenService.Api.Training;
using Microsoft.Extensions.Options;
using ScottPlot;

namespace GenService.Api.Plots;

/// <summary>Draws the service's plots as PNG. Registers the font once, at construction: ScottPlot keeps
/// fonts in process-wide state.</summary>
public sealed class PlotRenderer
{
    public const string FontName = "GenService Sans";

    public PlotRenderer(IOptions<PlotOptions> options, ILogger<PlotRenderer> logger)
    {
        var (regular, bold) = (options.Value.FontFile, options.Value.BoldFontFile);
        if (!File.Exists(regular))
        {
            logger.LogWarning("Plots:FontFile {FontFile} does not exist: plots will have no text. Install fonts-dejavu-core or point Plots:FontFile at a TrueType font", regular);
            return;
        }
        // ScottPlot asks for the bold face by name too (titles, axis labels): unregistered, it would fall
        // back to whatever font Skia finds on the machine, or to none.
        Fonts.AddFontFile(FontName, regular, bold: false, italic: false);
        Fonts.AddFontFile(FontName, File.Exists(bold) ? bold : regular, bold: true, italic: false);
        Fonts.Default = FontName;
    }

    /// <summary>One panel per loss or metric name: the averaged training losses as a line, the held-out
    /// metrics as a line with markers, against the step.</summary>
    public byte[] Losses(IReadOnlyList<TrainingRunMetricResponse> metrics, int? width, int? height)
    {
        var multiplot = LossPlot.Build(metrics);
        return Render(multiplot, width, height);
    }

    /// <summary>One panel per figure: the model's value at each evaluated step, with its floor and ceiling as dashed lines.</summary>
    public byte[] Evaluations(IReadOnlyList<ModelEvaluation> evaluations, int? width, int? height)
    {
        var multiplot = EvaluationPlot.Build(evaluations);
        return Render(multiplot, width, height);
    }

    private static byte[] Render(Multiplot multiplot, int? width, int? height)
    {
        var size = PlotSize.For(width, height, GridLayout.Rows(multiplot.Count()));
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(GridLayout.Rows(multiplot.Count()), GridLayout.Columns(multiplot.Count()));
        using var image = multiplot.Render(size.Width, size.Height);
        return image.GetImageBytes(ImageFormat.Png);
    }
}

/// <summary>Panels two to a row, one when there is only one.</summary>
internal static class GridLayout
{
    public static int Columns(int panels) => panels > 1 ? 2 : 1;

    public static int Rows(int panels) => (panels + Columns(panels) - 1) / Columns(panels);
}
