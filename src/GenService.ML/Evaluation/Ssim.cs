using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GenService.ML.Evaluation;

/// <summary>
/// Structural similarity (Wang et al., 2004) of image pairs in [0, 1]: luminance, contrast and structure
/// compared over a Gaussian window at every position where the window fits ("valid", as the authors'
/// MATLAB code, so borders are never padded with made-up pixels), then averaged over positions and
/// channels to one value per image.
/// </summary>
/// <param name="windowSize">Side of the Gaussian window; the paper's 11.</param>
/// <param name="sigma">Standard deviation of the window; the paper's 1.5.</param>
/// <param name="k1">Luminance stabiliser, C₁ = (K₁ L)²; the paper's 0.01.</param>
/// <param name="k2">Contrast stabiliser, C₂ = (K₂ L)²; the paper's 0.03.</param>
public sealed class Ssim(int windowSize = 11, double sigma = 1.5, double k1 = 0.01, double k2 = 0.03)
{
    /// <summary>The dynamic range L of images scaled to [0, 1].</summary>
    private const double DynamicRange = 1.0;

    public int WindowSize { get; } = windowSize >= 1
        ? windowSize
        : throw new ArgumentOutOfRangeException(nameof(windowSize), windowSize, "The window must be at least one pixel.");

    public double Sigma { get; } = sigma > 0 ? sigma : throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "Sigma must be positive.");

    public double C1 { get; } = Math.Pow(k1 * DynamicRange, 2);

    public double C2 { get; } = Math.Pow(k2 * DynamicRange, 2);

    /// <param name="first">[N, C, H, W] in [0, 1], H and W at least the window size.</param>
    /// <param name="second">[N, C, H, W] in [0, 1]</param>
    /// <returns>Mean SSIM of each pair, in batch order; 1 for identical images.</returns>
    public double[] PerImage(Tensor first, Tensor second)
    {
        using var scope = NewDisposeScope();
        var (x, y) = MetricInputs.ImagePairAsFloat64(first, second);
        if (x.shape[2] < WindowSize || x.shape[3] < WindowSize)
            throw new ArgumentException($"Images of {x.shape[2]}×{x.shape[3]} are smaller than the {WindowSize}×{WindowSize} window.", nameof(first));

        var window = GaussianWindow(x.shape[1]).to(x.device);
        Tensor Filter(Tensor image) => F.conv2d(image, window, groups: x.shape[1]);

        // Local weighted statistics, [N, C, H − w + 1, W − w + 1].
        var meanX = Filter(x);
        var meanY = Filter(y);
        var varianceX = Filter(x * x) - meanX.square();
        var varianceY = Filter(y * y) - meanY.square();
        var covariance = Filter(x * y) - meanX * meanY;

        var luminance = (2 * meanX * meanY + C1) / (meanX.square() + meanY.square() + C1);
        var contrastStructure = (2 * covariance + C2) / (varianceX + varianceY + C2);
        return (luminance * contrastStructure).mean([1, 2, 3]).cpu().data<double>().ToArray();
    }

    /// <summary>Mean of <see cref="PerImage"/> over the batch.</summary>
    public double Mean(Tensor first, Tensor second) => PerImage(first, second).Average();

    /// <summary>The normalised 2-D Gaussian w of the paper, one copy per channel for a depthwise convolution.</summary>
    /// <returns>[C, 1, w, w] float64</returns>
    private Tensor GaussianWindow(long channels)
    {
        var centre = (WindowSize - 1) / 2.0;
        var profile = (arange(WindowSize, dtype: ScalarType.Float64) - centre).square().div(-2 * Sigma * Sigma).exp();
        profile /= profile.sum();
        return profile.outer(profile).expand(channels, 1, WindowSize, WindowSize).contiguous();
    }
}
