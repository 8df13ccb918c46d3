namespace GenService.ML.Families.Vae;

/// <summary>How p(x|z) spreads around the decoder's mean.</summary>
public enum DecoderVariance
{
    /// <summary>The decoder outputs a variance for every pixel, softly floored at <see cref="VaeArchitecture.MinDecoderStd"/>.
    /// With the floor at 0.2 the variance sits on it, so in effect a fixed-σ VAE.</summary>
    PerPixel = 0,

    /// <summary>One σ for all pixels, the maximum-likelihood value for the batch (optimal σ-VAE, Rybkin et al. 2021):
    /// the reconstruction and KL terms weigh themselves, with no floor to tune.</summary>
    Shared = 1,
}
