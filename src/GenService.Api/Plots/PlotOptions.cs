namespace GenService.Api.Plots;

/// <summary>How plots are drawn. Bound from "Plots".</summary>
public sealed class PlotOptions
{
    public const string SectionName = "Plots";

    /// <summary>
    /// TrueType font for axis labels and titles. SkiaSharp's dependency-free native build has no fontconfig,
    /// so text needs a font file it is given; this one is in the Debian/Ubuntu package fonts-dejavu-core.
    /// Without it plots still render, with no text.
    /// </summary>
    public string FontFile { get; set; } = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>The bold face, for titles and axis labels; without it they fall back to the regular face.</summary>
    public string BoldFontFile { get; set; } = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
}
