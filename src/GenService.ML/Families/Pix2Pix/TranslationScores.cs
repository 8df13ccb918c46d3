using GenService.ML.Evaluation;
using static TorchSharp.torch;

namespace GenService.ML.Families.Pix2Pix;

/// <summary>
/// Accumulates, batch by batch, how close translations are to their targets: mean L1 per pixel, mean PSNR
/// (identical pairs, +∞, left out as <see cref="ImagePairMetrics"/> does) and mean SSIM (when the images fit its window).
/// </summary>
public sealed class TranslationScores
{
    public const string L1Name = "l1";

    private static readonly Ssim PaperSsim = new();

    private readonly List<double> psnrs = [];
    private readonly List<double> ssims = [];
    private double l1Sum;
    private long count;

    /// <param name="predictions">[N, C, H, W] in [0, 1]</param>
    /// <param name="targets">[N, C, H, W] in [0, 1]</param>
    public void Add(Tensor predictions, Tensor targets)
    {
        using var scope = NewDisposeScope();
        l1Sum += (predictions - targets).abs().flatten(1).mean([1]).sum().to_type(ScalarType.Float64).item<double>();
        count += predictions.shape[0];
        psnrs.AddRange(Psnr.PerImage(predictions, targets).Where(double.IsFinite));
        if (predictions.shape[2] >= PaperSsim.WindowSize && predictions.shape[3] >= PaperSsim.WindowSize)
            ssims.AddRange(PaperSsim.PerImage(predictions, targets));
    }

    /// <summary>"l1", "psnr" and "ssim", each name after <paramref name="prefix"/>; a score with nothing to average is left out.</summary>
    public Dictionary<string, double> ToMetrics(string prefix = "")
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (count > 0)
            metrics[prefix + L1Name] = l1Sum / count;
        if (psnrs.Count > 0)
            metrics[prefix + ImagePairMetrics.PsnrName] = psnrs.Average();
        if (ssims.Count > 0)
            metrics[prefix + ImagePairMetrics.SsimName] = ssims.Average();
        return metrics;
    }
}
