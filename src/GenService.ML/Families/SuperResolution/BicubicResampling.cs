using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GenService.ML.Families.SuperResolution;

/// <summary>
/// The bicubic resampling that makes the low-resolution inputs and the baseline a model must beat: libtorch's
/// antialiased bicubic, Keys' cubic convolution kernel with a = −0.5 stretched by the factor when shrinking.
/// That is the kernel of MATLAB's imresize, with which SRGAN and the SR benchmarks make their inputs and
/// bicubic baselines, and of PIL's BICUBIC. Results are clamped to [0, 1] (the kernel overshoots at edges)
/// and rounded to 8-bit levels, as a stored image would be.
/// </summary>
public static class BicubicResampling
{
    /// <param name="images">[N, C, H, W] in [0, 1], H and W multiples of <paramref name="scale"/></param>
    /// <returns>[N, C, H / scale, W / scale] in [0, 1], on 8-bit levels</returns>
    public static Tensor Downscale(Tensor images, int scale) =>
        Resize(images, images.shape[2] / scale, images.shape[3] / scale);

    /// <param name="images">[N, C, h, w] in [0, 1]</param>
    /// <returns>[N, C, h · scale, w · scale] in [0, 1], on 8-bit levels</returns>
    public static Tensor Upscale(Tensor images, int scale) =>
        Resize(images, images.shape[2] * scale, images.shape[3] * scale);

    /// <summary>Values in [0, 1] rounded to the nearest of the 256 levels an 8-bit image can hold.</summary>
    public static Tensor Quantise(Tensor images) => images.clamp(0, 1).mul(255).round().div(255);

    /// <param name="images">[N, C, h, w] in [0, 1]</param>
    /// <returns>[N, C, height, width] in [0, 1], on 8-bit levels</returns>
    public static Tensor Resize(Tensor images, long height, long width)
    {
        using var scope = NewDisposeScope();
        var resized = F.interpolate(images, size: [height, width], mode: InterpolationMode.Bicubic, align_corners: false, antialias: true);
        return Quantise(resized).MoveToOuterDisposeScope();
    }
}
