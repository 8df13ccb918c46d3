using GenService.ML.Imaging;
using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>
/// The lecture's comparison figure: one row per held-out example, its versions side by side (for SRGAN: input,
/// bicubic, model, ground truth), on a white background, as a PNG.
/// </summary>
public static class ComparisonSheet
{
    /// <summary>Examples shown: enough to judge, small enough to look at.</summary>
    public const int Rows = 4;

    public const int Padding = 2;

    /// <param name="columns">Each [R, C, S, S] float in [0, 1]: the versions, left to right, of the same R examples.</param>
    public static byte[] Encode(params Tensor[] columns)
    {
        using var scope = NewDisposeScope();
        var rows = stack(columns, 1).flatten(0, 1);   // [R · columns, C, S, S], row by row
        return ImageCodec.Encode(ImageGrid.Tile(SampleImages.Quantise(rows), columns.Length, Padding, padValue: 255), ImageFormat.Png);
    }

    /// <summary>Width and height of the sheet of <paramref name="rows"/> rows and <paramref name="columns"/> columns of S-pixel images.</summary>
    public static (int Width, int Height) Size(int rows, int columns, int size) =>
        (columns * (size + Padding) + Padding, rows * (size + Padding) + Padding);
}
