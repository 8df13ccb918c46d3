namespace GenService.ML.Datasets.Landscapes;

/// <summary>
/// A landscape's geometry, in coordinates where the image spans [0, 1] both ways (v downwards): the
/// label map, and the lines and fields the renderer shades by.
/// </summary>
/// <param name="Labels">[Size, Size] of <see cref="LandscapeClass"/> values.</param>
/// <param name="Horizon">Where sea or land meets the sky or the mountains' feet.</param>
/// <param name="FarRidge">Per column: the crest of the far mountains.</param>
/// <param name="NearRidge">Per column: the crest of the near hills (the horizon where there are none).</param>
/// <param name="Shore">Per column: where the sea gives way to grass (the horizon where there is no sea).</param>
/// <param name="Clouds">Where clouds are, and how dense.</param>
internal sealed record LandscapeScene(
    int Size, byte[] Labels, double Horizon, double[] FarRidge, double[] NearRidge, double[] Shore, CloudField Clouds)
{
    public LandscapeClass At(int x, int y) => (LandscapeClass)Labels[(y * Size) + x];
}
