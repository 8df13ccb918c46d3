namespace GenService.Api.Plots;

/// <summary>The pixel size of a plot: what the client asked for, or a default that gives each panel room.</summary>
public readonly record struct PlotSize(int Width, int Height)
{
    public const int Minimum = 200;
    public const int Maximum = 4000;
    public const int DefaultWidth = 1200;
    public const int PanelHeight = 320;

    /// <summary>Why the requested size is refused, or null.</summary>
    public static string? Check(int? width, int? height) =>
        width is < Minimum or > Maximum || height is < Minimum or > Maximum
            ? $"Width and height must be between {Minimum} and {Maximum} pixels."
            : null;

    public static PlotSize For(int? width, int? height, int rows) =>
        new(width ?? DefaultWidth, height ?? Math.Clamp(rows * PanelHeight, Minimum, Maximum));
}
