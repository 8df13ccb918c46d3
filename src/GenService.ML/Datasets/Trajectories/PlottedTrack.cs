namespace GenService.ML.Datasets.Trajectories;

/// <summary>One line of a <see cref="TrajectoryPlot"/>: positions in metres, in time order.</summary>
/// <param name="Colour">0xRRGGBB.</param>
/// <param name="Width">In pixels.</param>
/// <param name="MarkEnd">A dot at the last position, to show which way the track goes.</param>
public sealed record PlottedTrack(IReadOnlyList<(double X, double Y)> Points, uint Colour, float Width = 2, bool MarkEnd = false);
