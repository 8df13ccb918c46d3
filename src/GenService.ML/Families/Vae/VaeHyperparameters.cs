namespace GenService.ML.Families.Vae;

/// <summary>The VAE's settings, typed. The defaults converge on Fashion-MNIST (about two epochs).</summary>
/// <param name="Steps">Read by the service to schedule the run; the trainer itself never stops.</param>
/// <param name="Beta">Weight of the KL term in the training objective (beta-VAE); 1 is the ELBO.</param>
/// <param name="PriorComponents">Components of the mixture fitted to the aggregate posterior under <see cref="LatentPrior.Mixture"/>.</param>
public sealed record VaeHyperparameters(
    int LatentDim = 32,
    int BaseChannels = 32,
    double LearningRate = 1e-3,
    int BatchSize = 64,
    int Steps = 2000,
    double Beta = 1.0,
    double MinDecoderStd = 0.2,
    DecoderVariance DecoderVariance = DecoderVariance.Shared,
    LatentPrior Prior = LatentPrior.Mixture,
    int PriorComponents = 10)
{
    public const string LatentDimName = "latent_dim";
    public const string BaseChannelsName = "base_channels";
    public const string LearningRateName = "learning_rate";
    public const string BatchSizeName = "batch_size";
    public const string StepsName = "steps";
    public const string BetaName = "beta";
    public const string MinDecoderStdName = "min_decoder_std";
    public const string DecoderVarianceName = "decoder_variance";
    public const string PriorName = "prior";
    public const string PriorComponentsName = "prior_components";

    // In the order of the enums' values, which the stored index is.
    private static readonly string[] DecoderVarianceChoices = ["per_pixel", "shared"];
    private static readonly string[] PriorChoices = ["standard_normal", "mixture"];

    private static readonly VaeHyperparameters Defaults = new();

    public static IReadOnlyList<HyperparameterSpec> Specs { get; } =
    [
        new(LatentDimName, "Size of the latent vector z.", Defaults.LatentDim, 2, 512, IsInteger: true),
        new(BaseChannelsName, "Channels of the first convolution; each halving of the resolution doubles them (at most 8x).",
            Defaults.BaseChannels, 4, 128, IsInteger: true),
        new(LearningRateName, "Adam learning rate.", Defaults.LearningRate, 1e-5, 1e-2),
        new(BatchSizeName, "Images per step (at most the training set).", Defaults.BatchSize, 1, 1024, IsInteger: true),
        new(StepsName, "Optimisation steps in the run.", Defaults.Steps, 1, 1_000_000, IsInteger: true),
        new(BetaName, "Weight of the KL term; 1 maximises the ELBO, above 1 trades reconstructions for a smoother latent space.",
            Defaults.Beta, 0, 10),
        HyperparameterSpec.Choice(DecoderVarianceName,
            "How p(x|z) spreads around the decoded image. shared: one σ for every pixel, set to its maximum-likelihood value on "
            + "each batch (optimal σ-VAE, Rybkin et al. 2021), which weighs reconstruction against the KL without a floor to tune. "
            + "per_pixel: a σ per pixel, floored at min_decoder_std, where it sits in practice (a fixed-σ VAE in effect). "
            + "Runs and models stored before this setting existed are per_pixel.",
            DecoderVarianceChoices, DecoderVarianceChoices[(int)Defaults.DecoderVariance]) with { WhenNotStored = (int)DecoderVariance.PerPixel },
        HyperparameterSpec.Choice(PriorName,
            "Where samples and latent walks draw z. mixture: a Gaussian mixture fitted to the encoder's means of the training "
            + "images when the model is exported (Ghosh et al. 2020), so samples come from where real images lie rather than from "
            + "the holes N(0, I) leaves between them. standard_normal: z ~ N(0, I), the VAE's own prior. Models stored before "
            + "this setting existed sample from standard_normal.",
            PriorChoices, PriorChoices[(int)Defaults.Prior]) with { WhenNotStored = (int)LatentPrior.StandardNormal },
        new(PriorComponentsName, "Components of the prior mixture (full covariance each; Ghosh et al. 2020 use 10).",
            Defaults.PriorComponents, 1, 100, IsInteger: true),
        new(MinDecoderStdName, "per_pixel only: smallest per-pixel standard deviation of p(x|z). Near the 8-bit noise level (0.0011) the likelihood "
            + "rewards exact reconstructions so much that the KL term stops shaping the latent space: the ELBO is higher but "
            + "samples from the prior come out dim and broken. 0.2 gives recognisable samples at a lower ELBO "
            + "(Fashion-MNIST, 1200 steps: 7.30 bits/dim at 0.2, 6.68 at 0.1; see the benchmark README).",
            Defaults.MinDecoderStd, 1.0 / (256 * 3.4641016151377544), 0.5),
    ];

    public static VaeHyperparameters From(Hyperparameters values) => new(
        values.GetInt(LatentDimName),
        values.GetInt(BaseChannelsName),
        values.Get(LearningRateName),
        values.GetInt(BatchSizeName),
        values.GetInt(StepsName),
        values.Get(BetaName),
        values.Get(MinDecoderStdName),
        (DecoderVariance)values.GetInt(DecoderVarianceName),
        (LatentPrior)values.GetInt(PriorName),
        values.GetInt(PriorComponentsName));
}
