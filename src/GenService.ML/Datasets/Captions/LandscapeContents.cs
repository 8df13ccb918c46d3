using GenService.ML.Datasets.Landscapes;

namespace GenService.ML.Datasets.Captions;

/// <summary>
/// What a landscape's caption says it holds, read from its label map with fixed shares of the image: the sea when it
/// covers over 2 %, trees over 0.5 %, rocks over 0.3 % (small things still catch the eye), and clouds when they cover
/// over a fifth of the sky, a clear sky under a fiftieth. Mountains are in every landscape the generator draws.
/// </summary>
public sealed record LandscapeContents(bool Sea, bool Trees, bool Rocks, bool Clouds, bool ClearSky, LandscapeStyle Style)
{
    public const double SeaShare = 0.02;
    public const double TreeShare = 0.005;
    public const double RockShare = 0.003;
    public const double CloudySkyShare = 0.2;
    public const double ClearSkyShare = 0.02;

    /// <param name="labels">The label map, one <see cref="LandscapeClass"/> a pixel.</param>
    public static LandscapeContents Of(ReadOnlySpan<byte> labels, LandscapeStyle style)
    {
        var counts = new int[LandscapeClasses.All.Count];
        foreach (var label in labels)
            counts[label]++;
        var pixels = labels.Length;
        double Share(LandscapeClass c) => (double)counts[(int)c] / pixels;
        var sky = counts[(int)LandscapeClass.Sky] + counts[(int)LandscapeClass.Cloud];
        var cloudiness = sky == 0 ? 0 : (double)counts[(int)LandscapeClass.Cloud] / sky;
        return new LandscapeContents(
            Share(LandscapeClass.Sea) > SeaShare, Share(LandscapeClass.Tree) > TreeShare, Share(LandscapeClass.Rock) > RockShare,
            cloudiness > CloudySkyShare, cloudiness < ClearSkyShare, style);
    }
}
