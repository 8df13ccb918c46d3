using System.ComponentModel;

namespace GenService.ML.Datasets;

/// <summary>One class of a label map: the index its pixels carry, its name, and the colour that paints it.</summary>
public sealed record LabelClass(
    [property: Description("0 to 255: the value of this class's pixels in a label map.")] int Index,
    string Name,
    [property: Description("\"#rrggbb\": how previews paint the class, and the colour a painted map uses for it.")] string Colour)
{
    /// <summary>The display colour as bytes.</summary>
    public (byte R, byte G, byte B) ColourBytes() => (
        Convert.ToByte(Colour.Substring(1, 2), 16),
        Convert.ToByte(Colour.Substring(3, 2), 16),
        Convert.ToByte(Colour.Substring(5, 2), 16));
}
