namespace GenService.ML.Families.Vae;

/// <summary>The distribution a trained VAE draws its samples' latents from.</summary>
public enum LatentPrior
{
    /// <summary>N(0, I), the prior the ELBO trains against.</summary>
    StandardNormal = 0,

    /// <summary>A <see cref="GaussianMixture"/> fitted to the encoder's means of the training images.</summary>
    Mixture = 1,
}
