using static TorchSharp.torch;

namespace GenService.ML.Datasets;

/// <summary>
/// Label maps as pix2pix reads them, the SPADE paper's baseline: input A is the map painted in its classes' display
/// colours (<see cref="LabelMapPalette"/>), target B the image. Painting keeps pix2pix an image-to-image model (three
/// input channels, whatever the class count), and a client translates a map it painted with the colours of the
/// dataset's classes (GET /v1/datasets/{id}/label-classes).
/// </summary>
public static class PaintedMapPairs
{
    /// <summary>The painted maps' channels, RGB.</summary>
    public const int InputChannels = 3;

    /// <returns>New pairs of the set's painted maps and copies of its images.</returns>
    public static ImagePairs From(LabelMapSet set)
    {
        var painted = LabelMapPalette.Paint(set.Maps, set.Classes, set.DontCareIndex);
        try
        {
            return new ImagePairs(painted, set.Images.clone());
        }
        catch
        {
            painted.Dispose();
            throw;
        }
    }
}
