using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>Mean PSNR and SSIM of a batch of image pairs, e.g. reconstructions or super-resolved images
/// against their originals, as the SRGAN paper compares bicubic, SRResNet and SRGAN.</summary>
/// <param name="Psnr">Mean PSNR in dB over the pairs that differ; null when every pair is identical.</param>
/// <param name="Ssim">Mean SSIM; null when the images are smaller than SSIM's 11-pixel window.</param>
/// <param name="IdenticalPairs">Pairs with PSNR +∞ (exactly reproduced), left out of the PSNR mean.</param>
public sealed record ImagePairScores(double? Psnr, double? Ssim, int IdenticalPairs)
{
    /// <summary>The scores as held-out metrics for <see cref="Families.ITrainer.Evaluate"/>; an absent score is left out.</summary>
    public IReadOnlyDictionary<string, double> ToMetrics()
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (Psnr is { } psnr)
            metrics[ImagePairMetrics.PsnrName] = psnr;
        if (Ssim is { } ssim)
            metrics[ImagePairMetrics.SsimName] = ssim;
        return metrics;
    }
}

/// <summary>
/// The image-pair metrics in one call, for the image-to-image families (super-resolution, translation)
/// and for reconstructions. +∞ PSNRs are counted apart rather than averaged in (see <see cref="Psnr"/>).
/// </summary>
public static class ImagePairMetrics
{
    public const string PsnrName = "psnr";
    public const string SsimName = "ssim";

    private static readonly Ssim PaperSsim = new();

    /// <param name="predictions">[N, C, H, W] in [0, 1]</param>
    /// <param name="targets">[N, C, H, W] in [0, 1]</param>
    public static ImagePairScores Compute(Tensor predictions, Tensor targets)
    {
        var psnrs = Psnr.PerImage(predictions, targets);
        var finite = psnrs.Where(double.IsFinite).ToList();
        var fitsWindow = predictions.shape[2] >= PaperSsim.WindowSize && predictions.shape[3] >= PaperSsim.WindowSize;
        return new ImagePairScores(
            finite.Count == 0 ? null : finite.Average(),
            fitsWindow ? PaperSsim.Mean(predictions, targets) : null,
            psnrs.Length - finite.Count);
    }
}
