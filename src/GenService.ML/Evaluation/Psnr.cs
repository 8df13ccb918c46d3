using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>
/// Peak signal-to-noise ratio of image pairs in [0, 1]: 10 log₁₀(1 / MSE) dB, the MSE taken over all
/// channels and pixels of one image. Identical images have MSE 0 and PSNR +∞ (no cap: any cap would be
/// an arbitrary number that averages in as if it were a measurement); callers that average or serialise
/// should treat +∞ as "exact reconstruction".
/// </summary>
public static class Psnr
{
    /// <summary>The peak value of images scaled to [0, 1].</summary>
    public const double PeakValue = 1.0;

    /// <param name="first">[N, C, H, W] in [0, 1]</param>
    /// <param name="second">[N, C, H, W] in [0, 1]</param>
    /// <returns>PSNR in dB of each pair, in batch order.</returns>
    public static double[] PerImage(Tensor first, Tensor second)
    {
        using var scope = NewDisposeScope();
        var (x, y) = MetricInputs.ImagePairAsFloat64(first, second);
        var meanSquaredError = (x - y).square().flatten(1).mean([1]).cpu().data<double>().ToArray();
        return [.. meanSquaredError.Select(mse => mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(PeakValue * PeakValue / mse))];
    }
}
