using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GenService.ML.Datasets;

/// <summary>
/// Canny's edge detector (Canny 1986) on the images' luma, with thresholds relative to each image's own
/// gradients as scikit-image's <c>canny(..., use_quantiles=True)</c> sets them: Gaussian blur, Sobel
/// gradients, non-maximum suppression along the gradient direction (quantised to 0°, 45°, 90°, 135°),
/// then hysteresis: pixels above the high threshold are edges, and so are pixels above the low one that
/// touch an edge (8-connected), grown until nothing changes. Deterministic: torch ops only, no randomness.
/// </summary>
/// <remarks>edges2shoes drew its edges with HED (Xie and Tu 2015), a trained network, then post-processed
/// them; a classical detector needs no weights and gives the same kind of one-pixel line drawing.</remarks>
/// <param name="sigma">Standard deviation in pixels of the Gaussian blur (scikit-image's default 1).</param>
/// <param name="lowQuantile">The low threshold: this quantile of the image's gradient magnitudes.</param>
/// <param name="highQuantile">The high threshold: this quantile of the image's gradient magnitudes.</param>
/// <param name="minimumStrength">Both thresholds are at least this gradient (intensity change per pixel, images
/// in [0, 1]), so a flat or nearly flat image has no edges rather than edges drawn from rounding noise. A sharp
/// full-contrast step blurred with σ = 1 has a gradient of about 0.4.</param>
public sealed class CannyEdgeDetector(double sigma = 1.0, double lowQuantile = 0.8, double highQuantile = 0.9, double minimumStrength = 0.02)
{
    private const double GaussianTruncation = 3.0;

    /// <summary>An edge map as a line drawing: black (0) edges on a white (255) background.</summary>
    /// <param name="images">uint8 [N, 1 or 3, H, W]</param>
    /// <returns>uint8 [N, 1, H, W]</returns>
    public Tensor Draw(Tensor images)
    {
        using var scope = NewDisposeScope();
        return where(Detect(images), 0, 255).to_type(ScalarType.Byte).MoveToOuterDisposeScope();
    }

    /// <param name="images">uint8 [N, 1 or 3, H, W]</param>
    /// <returns>bool [N, 1, H, W]: true on edge pixels.</returns>
    public Tensor Detect(Tensor images)
    {
        using var scope = NewDisposeScope();
        var luma = Blur(Luma.Of(images) / 255);                            // [N, 1, H, W] in [0, 1]
        var (gx, gy) = SobelGradients(luma);
        var magnitude = (gx.square() + gy.square()).sqrt();
        var ridges = magnitude * LocalMaxima(magnitude, gx, gy);          // 0 off the ridges
        var high = Thresholds(magnitude, highQuantile);                   // [N, 1, 1, 1]
        var low = Thresholds(magnitude, lowQuantile);
        return Hysteresis(ridges.ge(high), ridges.ge(low)).MoveToOuterDisposeScope();
    }

    /// <summary>Separable Gaussian, borders replicated so a flat image stays flat to the edge.</summary>
    private Tensor Blur(Tensor images)
    {
        var radius = (int)Math.Ceiling(GaussianTruncation * sigma);
        var profile = Enumerable.Range(-radius, 2 * radius + 1).Select(x => Math.Exp(-x * x / (2 * sigma * sigma))).ToArray();
        var weights = profile.Select(w => w / profile.Sum()).ToArray();
        return Filter(Filter(images, 3, weights), 2, weights);
    }

    /// <summary>Sobel's 3x3 kernels divided by 8, so a ramp rising by 1 per pixel has a gradient of 1.</summary>
    /// <returns>d/dx (along a row) and d/dy (down a column), each [N, 1, H, W].</returns>
    private static (Tensor X, Tensor Y) SobelGradients(Tensor images)
    {
        double[] difference = [-0.5, 0, 0.5];
        double[] smoothing = [0.25, 0.5, 0.25];
        return (Filter(Filter(images, 3, difference), 2, smoothing), Filter(Filter(images, 2, difference), 3, smoothing));
    }

    /// <summary>
    /// A 1-D filter along <paramref name="dimension"/> (2: columns, 3: rows), borders replicated, as a weighted
    /// sum of shifted copies rather than a convolution: element-wise arithmetic gives every image the same
    /// bits whatever batch it is in, where convolution kernels change algorithm with the batch size and can
    /// tip the exact ties between the two pixels of a step edge.
    /// </summary>
    private static Tensor Filter(Tensor images, long dimension, double[] weights)
    {
        var radius = weights.Length / 2;
        var length = images.shape[dimension];
        long[] padding = dimension == 3 ? [radius, radius, 0, 0] : [0, 0, radius, radius];
        var padded = F.pad(images, padding, PaddingModes.Replicate);
        var sum = zeros_like(images);
        for (var tap = 0; tap < weights.Length; tap++)
        {
            if (weights[tap] != 0)
                sum.add_(padded.narrow(dimension, tap, length), alpha: weights[tap]);
        }
        return sum;
    }

    /// <summary>1 where the magnitude is a maximum along its gradient direction, else 0. Of two equal
    /// neighbours (a step between two pixels) only the one behind the gradient is kept, so lines stay one pixel wide.</summary>
    private static Tensor LocalMaxima(Tensor magnitude, Tensor gx, Tensor gy)
    {
        // Direction bins 0..3: 0°, 45°, 90°, 135° (the gradient and its opposite share a bin).
        var bins = (atan2(gy, gx) / (Math.PI / 4)).round().remainder(4);
        (int Row, int Column)[] steps = [(0, 1), (1, 1), (1, 0), (1, -1)];
        var padded = F.pad(magnitude, [1, 1, 1, 1]);
        var height = magnitude.shape[2];
        var width = magnitude.shape[3];
        Tensor Neighbour(int row, int column) => padded.narrow(2, 1 + row, height).narrow(3, 1 + column, width);

        var maxima = zeros_like(magnitude, dtype: ScalarType.Bool);
        for (var bin = 0; bin < steps.Length; bin++)
        {
            var (row, column) = steps[bin];
            var isMaximum = magnitude.ge(Neighbour(row, column)).logical_and(magnitude.gt(Neighbour(-row, -column)));
            maxima = maxima.logical_or(bins.eq(bin).logical_and(isMaximum));
        }
        return maxima.to_type(ScalarType.Float32);
    }

    /// <returns>[N, 1, 1, 1]: the quantile of each image's gradient magnitudes, at least <see cref="minimumStrength"/>.</returns>
    private Tensor Thresholds(Tensor magnitude, double quantile)
    {
        var sorted = magnitude.flatten(1).sort(1).Values;
        var position = (long)Math.Round(quantile * (sorted.shape[1] - 1));
        return sorted.narrow(1, position, 1).clamp_min(minimumStrength).view(-1, 1, 1, 1);
    }

    /// <summary>Strong pixels, then every weak pixel 8-connected to one, grown until nothing changes.</summary>
    private static Tensor Hysteresis(Tensor strong, Tensor weak)
    {
        var candidates = weak.to_type(ScalarType.Byte);
        var edges = strong.logical_and(weak).to_type(ScalarType.Byte);
        var count = edges.sum().item<long>();
        while (true)
        {
            using var iteration = NewDisposeScope();    // one growth step per line pixel: keep only the latest map
            var grown = candidates.minimum(Dilate(edges));
            var grownCount = grown.sum().item<long>();
            if (grownCount == count)    // grown ⊇ edges, so an equal count means no change
                return grown.to_type(ScalarType.Bool).MoveToOuterDisposeScope();
            edges.Dispose();
            edges = grown.MoveToOuterDisposeScope();
            count = grownCount;
        }
    }

    /// <summary>3x3 dilation of a 0/1 map: a maximum over shifted copies, rows then columns.</summary>
    private static Tensor Dilate(Tensor mask)
    {
        var height = mask.shape[2];
        var width = mask.shape[3];
        var wide = F.pad(mask, [1, 1, 0, 0]);
        var rows = wide.narrow(3, 0, width).maximum(wide.narrow(3, 1, width)).maximum(wide.narrow(3, 2, width));
        var tall = F.pad(rows, [0, 0, 1, 1]);
        return tall.narrow(2, 0, height).maximum(tall.narrow(2, 1, height)).maximum(tall.narrow(2, 2, height));
    }
}
