namespace GenService.ML.Families.Vae;

/// <summary>The VAE's settings, typed. The defaults converge on Fashion-MNIST (about two epochs).</summary>
/// <param name="Steps">Read by the service to schedule the run; the trainer itself never stops.</param>
/// <param name="Beta">Weight of the KL term in the training objective (beta-VAE); 1 is the ELBO.</param>
public sealed record VaeHyperparameters(
    int LatentDim = 32,
    int BaseChannels = 32,
    double LearningRate = 1e-3,
    int BatchSize = 64,
    int Steps = 2000,
    double Beta = 1.0,
    double MinDecoderStd = 0.2)
{
    public const string LatentDimName = "latent_dim";
    public const string BaseChannelsName = "base_channels";
    public const string LearningRateName = "learning_rate";
    public const string BatchSizeName = "batch_size";
    public const string StepsName = "steps";
    public const string BetaName = "beta";
    public const string MinDecoderStdName = "min_decoder_std";

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
        new(MinDecoderStdName, "Smallest per-pixel standard deviation of p(x|z). Near the 8-bit noise level (0.0011) the likelihood "
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
        values.Get(MinDecoderStdName));
}
