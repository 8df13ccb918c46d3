using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>
/// The luma (Y) channel of ITU-R BT.601 as MATLAB's rgb2ycbcr computes it: the channel super-resolution
/// papers (SRCNN, SRGAN and those after) measure PSNR and SSIM on, so figures here compare with theirs.
/// </summary>
public static class LumaChannel
{
    /// <summary>rgb2ycbcr's Y = 16 + 65.481 R + 128.553 G + 24.966 B for R, G, B in [0, 1], Y in [16, 235] of 255.</summary>
    private static readonly double[] Weights = [65.481, 128.553, 24.966];

    private const double Offset = 16;
    private const double Peak = 255;

    /// <param name="images">[N, 3, H, W] RGB or [N, 1, H, W] grey, in [0, 1].</param>
    /// <returns>[N, 1, H, W] in [0, 1]: Y over 255 for RGB; a grey image is its own luma and is returned as is.</returns>
    public static Tensor Of(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] is not (1 or 3))
            throw new ArgumentException($"Expected [N, 1 or 3, H, W] images, got [{string.Join(", ", images.shape)}].", nameof(images));
        if (images.shape[1] == 1)
            return images.alias();
        using var scope = NewDisposeScope();
        var weights = tensor(Weights, dtype: images.dtype, device: images.device).view(1, 3, 1, 1);
        return ((images * weights).sum(1, keepdim: true) + Offset).div(Peak).MoveToOuterDisposeScope();
    }
}
