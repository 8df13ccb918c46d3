using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Vae;

/// <summary>The two ELBO terms per image, in nats: ELBO = E_q[log p(x|z)] − KL(q(z|x) ‖ p(z)).</summary>
/// <param name="ReconstructionLogLikelihood">log p(x|z) at the sampled z, [N].</param>
/// <param name="Kl">KL(q(z|x) ‖ N(0, I)), [N].</param>
public sealed record ElboTerms(Tensor ReconstructionLogLikelihood, Tensor Kl)
{
    public Tensor Elbo => ReconstructionLogLikelihood - Kl;
}

/// <summary>
/// The negative ELBO of a Gaussian decoder on dequantised 8-bit images, with one z sample per image
/// (Kingma and Welling, 2014), the KL to the standard normal prior in closed form.
/// </summary>
public sealed class ElboLoss(double beta = 1.0)
{
    private const int Levels = 256;

    /// <summary>Rybkin et al.'s soft lower bound on log σ of the shared decoder variance (σ ≥ e⁻⁶ ≈ 0.0025,
    /// about twice the 8-bit noise level), which keeps a near-perfect reconstruction from making the
    /// likelihood unbounded.</summary>
    public const double SharedLogStdFloor = -6;

    /// <summary>Weight of the KL term; 1 is the ELBO, other values the beta-VAE objective.</summary>
    public double Beta { get; } = beta;

    /// <summary>Scalar to minimise: the batch mean of −(log p(x|z) − β·KL).</summary>
    public Tensor Objective(ElboTerms terms) =>
        -(terms.ReconstructionLogLikelihood.mean() - Beta * terms.Kl.mean());

    /// <param name="images">Dequantised images [N, C, H, W] (see <see cref="Dequantise"/>).</param>
    public static ElboTerms Terms(Tensor images, VaePass pass) => new(
        GaussianLogLikelihood(images, pass.DecodedMean, pass.DecodedLogVariance),
        KlToStandardNormal(pass.PosteriorMean, pass.PosteriorLogVariance));

    /// <summary>
    /// The optimal σ-VAE's decoder variance (Rybkin et al., 2021): the σ² that maximises the batch's Gaussian
    /// likelihood is the mean squared error over all its pixels. Gradients flow through it as in the paper;
    /// at the optimum they vanish anyway, so it only rescales the reconstruction term against the KL.
    /// </summary>
    /// <param name="images">[N, C, H, W]</param>
    /// <param name="mean">The decoder's means, [N, C, H, W].</param>
    /// <returns>log σ², [1, 1, 1, 1], with log σ softly floored at <see cref="SharedLogStdFloor"/>.</returns>
    public static Tensor OptimalSharedLogVariance(Tensor images, Tensor mean)
    {
        var logStd = 0.5 * (images - mean).square().mean().log();
        var floored = functional.softplus(logStd - SharedLogStdFloor) + SharedLogStdFloor;
        return (2 * floored).reshape(1, 1, 1, 1);
    }

    /// <summary>Σ over pixels of log N(x; mean, exp(logVariance)); the log-variance may be one value for all pixels.</summary>
    /// <returns>[N]</returns>
    public static Tensor GaussianLogLikelihood(Tensor x, Tensor mean, Tensor logVariance)
    {
        var perPixel = (x - mean).square() * (-logVariance).exp() + logVariance + Math.Log(2 * Math.PI);
        return -0.5 * perPixel.flatten(1).sum(1);
    }

    /// <summary>KL(N(mean, exp(logVariance)) ‖ N(0, I)) = ½ Σ (μ² + σ² − 1 − log σ²).</summary>
    /// <returns>[N]</returns>
    public static Tensor KlToStandardNormal(Tensor mean, Tensor logVariance) =>
        0.5 * (mean.square() + logVariance.exp() - 1 - logVariance).sum(1);

    /// <summary>
    /// Spreads each of the 256 intensity levels uniformly over its bin, y = (255x + u) / 256 with
    /// u ~ U[0, 1): a continuous density then has a finite maximum on the data, and its ELBO bounds
    /// the log-probability of the 8-bit image (Theis et al., 2016).
    /// </summary>
    /// <param name="images">[N, C, H, W] in [0, 1], multiples of 1/255.</param>
    /// <param name="generator">CPU generator; the noise is drawn there so a seed means the same noise on any device.</param>
    public static Tensor Dequantise(Tensor images, Generator generator)
    {
        var noise = rand(images.shape, generator: generator).to(images.device);
        // Rounding undoes the float error of /255, which could drop a level a hair below its bin.
        return ((images * (Levels - 1)).round_() + noise) / Levels;
    }

    /// <summary>
    /// Bits per dimension of the 8-bit images: log P(x) ≥ ELBO(y) − D·ln 256, where y is the
    /// dequantised image in [0, 1), so the bound is (−ELBO / D + ln 256) / ln 2.
    /// </summary>
    public static double BitsPerDimension(double elboPerImage, long dimensions) =>
        (-elboPerImage / dimensions + Math.Log(Levels)) / Math.Log(2);
}
