using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Adversarial;

/// <summary>
/// A running average of a generator's weights, kept in a second copy of the same network: images from the
/// average are steadier and better than from the weights of any single step (Karras et al. 2018, 2019;
/// Yazıcı et al. 2019). Progressive GAN and StyleGAN sample from it.
/// </summary>
public static class ExponentialMovingAverage
{
    /// <summary>average ← β·average + (1 − β)·source for every parameter; buffers are copied as they are.</summary>
    /// <param name="average">Same architecture as <paramref name="source"/>, never trained directly.</param>
    /// <param name="beta">Share of the old average that stays, in [0, 1).</param>
    public static void Update(Module average, Module source, double beta)
    {
        if (beta is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "Must be in [0, 1).");
        using var noGrad = no_grad();
        foreach (var ((_, averaged), (_, current)) in average.named_parameters().Zip(source.named_parameters()))
            averaged.lerp_(current, 1 - beta);
        foreach (var ((_, averaged), (_, current)) in average.named_buffers().Zip(source.named_buffers()))
            averaged.copy_(current);
    }

    /// <summary>β for a half-life given in images, as StyleGAN states it: after <paramref name="halfLifeImages"/>
    /// images the old weights count half. β = 0.5^(batch / half-life).</summary>
    public static double BetaForHalfLife(int batchSize, double halfLifeImages) =>
        halfLifeImages <= 0 ? 0 : Math.Pow(0.5, batchSize / halfLifeImages);

    /// <summary>StyleGAN2-ADA's ramp-up (<c>ema_rampup</c>): the half-life is at most <paramref name="rampUp"/> times
    /// the images seen so far, so early in a run the average follows the generator instead of dragging its
    /// untrained start along for tens of thousands of images. <paramref name="rampUp"/> 0 turns it off.</summary>
    public static double RampedHalfLife(double halfLifeImages, double rampUp, long imagesSeen) =>
        rampUp > 0 ? Math.Min(halfLifeImages, imagesSeen * rampUp) : halfLifeImages;
}
