using static TorchSharp.torch;

namespace GenService.ML.Imaging;

/// <summary>What decoding learned about the source image: its format, its size as displayed, and
/// whether every pixel was gray (R = G = B), which lets a dataset default to one channel.</summary>
public readonly record struct SourceImageInfo(ImageFormat Format, int Width, int Height, bool IsGrayscale);

/// <summary>A decoded image: uint8 pixels [C, H, W] (square unless decoded at its own size) and what the source was.</summary>
public sealed class DecodedImage(Tensor pixels, SourceImageInfo source) : IDisposable
{
    /// <summary>uint8 [C, H, W] on the CPU.</summary>
    public Tensor Pixels { get; } = pixels;

    public SourceImageInfo Source { get; } = source;

    public void Dispose() => Pixels.Dispose();
}
