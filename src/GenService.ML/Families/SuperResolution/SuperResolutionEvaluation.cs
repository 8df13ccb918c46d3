using GenService.ML.Evaluation;
using static TorchSharp.torch;

namespace GenService.ML.Families.SuperResolution;

/// <summary>
/// Held-out PSNR and SSIM of a model and of bicubic upscaling on the same crops, measured as the SR papers
/// do: on 8-bit images, on the luma channel (<see cref="LumaChannel"/>), with <c>scale</c> pixels shaved off
/// every border, where neither method has the neighbours it needs.
/// </summary>
public static class SuperResolutionEvaluation
{
    /// <summary>Names of the baseline's scores: "bicubic_psnr", "bicubic_ssim".</summary>
    public const string BicubicPrefix = "bicubic_";
    public const string BicubicPsnrName = BicubicPrefix + ImagePairMetrics.PsnrName;
    public const string BicubicSsimName = BicubicPrefix + ImagePairMetrics.SsimName;

    /// <param name="superResolve">Low-resolution crops [N, C, s, s] → model output [N, C, S, S] in [0, 1].</param>
    /// <param name="crops">Held-out crops at both resolutions.</param>
    /// <returns>"psnr" and "ssim" of the model, "bicubic_psnr" and "bicubic_ssim" of the baseline (a score is
    /// left out when it cannot be computed: all pairs identical, or crops under SSIM's window).</returns>
    public static Dictionary<string, double> Compare(Func<Tensor, Tensor> superResolve, CropPair crops, int scale)
    {
        using var scope = NewDisposeScope();
        var target = Measured(crops.HighResolution, scale);
        var metrics = new Dictionary<string, double>(
            ImagePairMetrics.Compute(Measured(superResolve(crops.LowResolution), scale), target).ToMetrics(),
            StringComparer.Ordinal);
        var bicubic = ImagePairMetrics.Compute(Measured(BicubicResampling.Upscale(crops.LowResolution, scale), scale), target);
        if (bicubic.Psnr is { } psnr)
            metrics[BicubicPsnrName] = psnr;
        if (bicubic.Ssim is { } ssim)
            metrics[BicubicSsimName] = ssim;
        return metrics;
    }

    /// <returns>The 8-bit luma of the images without a border of <paramref name="border"/> pixels.</returns>
    internal static Tensor Measured(Tensor images, int border)
    {
        var luma = LumaChannel.Of(BicubicResampling.Quantise(images));
        return luma.narrow(2, border, luma.shape[2] - 2 * border).narrow(3, border, luma.shape[3] - 2 * border);
    }
}
