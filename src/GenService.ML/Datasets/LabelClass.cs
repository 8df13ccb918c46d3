namespace GenService.ML.Datasets;

/// <summary>One class of a label map: the index its pixels carry, its name, and the colour that paints it.</summary>
/// <param name="Index">0 to 255: the pixel value in a label map.</param>
/// <param name="Colour">"#rrggbb": how previews draw it, and the colour a painted map uses for it.</param>
public sealed record LabelClass(int Index, string Name, string Colour)
{
    public (byte R, byte G, byte B) Rgb => (
        Convert.ToByte(Colour.Substring(1, 2), 16),
        Convert.ToByte(Colour.Substring(3, 2), 16),
        Convert.ToByte(Colour.Substring(5, 2), 16));
}
