using static TorchSharp.torch;

namespace GenService.ML.Datasets;

/// <summary>
/// Y' = 0.299 R' + 0.587 G' + 0.114 B' (ITU-R BT.601), the weighting of the JPEG/JFIF grayscale and of
/// PIL's convert("L"). A one-channel image is its own luma.
/// </summary>
public static class Luma
{
    private static readonly float[] Weights = [0.299f, 0.587f, 0.114f];

    /// <param name="images">[N, 1 or 3, H, W], any float or uint8 range.</param>
    /// <returns>[N, 1, H, W] float32 in the images' range.</returns>
    public static Tensor Of(Tensor images)
    {
        using var scope = NewDisposeScope();
        var pixels = images.to_type(ScalarType.Float32);
        if (pixels.shape[1] == 1)
            return pixels.MoveToOuterDisposeScope();
        if (pixels.shape[1] != 3)
            throw new ArgumentException($"Luma needs 1 or 3 channels, not {pixels.shape[1]}.", nameof(images));
        var weights = tensor(Weights, device: pixels.device).view(1, 3, 1, 1);
        return (pixels * weights).sum(1, keepdim: true).MoveToOuterDisposeScope();
    }
}
