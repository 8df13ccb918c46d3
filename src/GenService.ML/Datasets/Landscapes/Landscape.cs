namespace GenService.ML.Datasets.Landscapes;

/// <summary>One generated landscape: a square image and its label map, pixel for pixel.</summary>
/// <param name="Pixels">RGB, planar [3, Size, Size].</param>
/// <param name="Labels">[Size, Size] of <see cref="LandscapeClass"/> values.</param>
public sealed record Landscape(int Size, byte[] Pixels, byte[] Labels, LandscapeStyle Style);
