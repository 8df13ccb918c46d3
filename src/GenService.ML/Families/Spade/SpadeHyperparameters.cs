namespace GenService.ML.Families.Spade;

/// <summary>SPADE's settings, typed; defaults are Park et al. 2019's (and the reference implementation's) except the
/// widths, batch size and steps, which are sized for a CPU.</summary>
/// <param name="Steps">Read by the service to schedule the run; the trainer itself never stops.</param>
public sealed record SpadeHyperparameters(
    int Channels,
    int SpadeHidden,
    int LatentDimension,
    SpadeNormalisationKind Normalisation,
    double GeneratorLearningRate,
    double DiscriminatorLearningRate,
    double Beta1,
    double Beta2,
    double FeatureMatchingWeight,
    double KlWeight,
    int BatchSize,
    int Steps)
{
    public const string ChannelsName = "channels";
    public const string SpadeHiddenName = "spade_hidden";
    public const string LatentDimensionName = "latent_dimension";
    public const string NormalisationName = "normalisation";
    public const string GeneratorLearningRateName = "generator_learning_rate";
    public const string DiscriminatorLearningRateName = "discriminator_learning_rate";
    public const string Beta1Name = "beta1";
    public const string Beta2Name = "beta2";
    public const string FeatureMatchingWeightName = "feature_matching_weight";
    public const string KlWeightName = "kl_weight";
    public const string BatchSizeName = "batch_size";
    public const string StepsName = "steps";

    public static IReadOnlyList<HyperparameterSpec> Specs { get; } =
    [
        new(ChannelsName,
            "nf: channels of the generator's last block, of the style encoder's and each discriminator's first layer; the generator's "
            + "head and middle blocks have 16 nf at 128 pixels and up (8 nf at 64, 4 nf at 32), halving per upsampling. Park et al. "
            + "2019: 64. The default 16 costs about a sixteenth of that and trains at 64 pixels on a 2-core CPU.",
            16, 4, 128, IsInteger: true),
        new(SpadeHiddenName,
            "Channels of the hidden convolution that predicts γ and β from the label map in every SPADE layer (Park et al. 2019: 128).",
            32, 4, 256, IsInteger: true),
        new(LatentDimensionName, "Size of the style code z the encoder produces and a seed draws (Park et al. 2019: 256).", 256, 1, 1024, IsInteger: true),
        HyperparameterSpec.Choice(NormalisationName,
            "The parameter-free normalisation in each SPADE layer before γ and β: batch (Park et al. 2019, synchronised batch norm; "
            + "running averages at inference) or instance (each image's own statistics).",
            SpadeNormalisationKinds.Names, SpadeNormalisationKinds.Names[(int)SpadeNormalisationKind.Batch]),
        new(GeneratorLearningRateName, "Adam's step size for the generator and the style encoder (Park et al. 2019, two time-scale update rule: 1e-4).", 1e-4, 1e-6, 1e-2),
        new(DiscriminatorLearningRateName, "Adam's step size for the discriminators (Park et al. 2019, two time-scale update rule: 4e-4).", 4e-4, 1e-6, 1e-2),
        new(Beta1Name, "Adam's β1 for all networks (Park et al. 2019: 0).", 0, 0, 0.999),
        new(Beta2Name, "Adam's β2 for all networks (Park et al. 2019: 0.9).", 0.9, 0, 0.9999),
        new(FeatureMatchingWeightName,
            "λ of the discriminators' feature-matching loss in the generator's objective (Park et al. 2019: 10). The paper's VGG "
            + "perceptual loss (also λ 10) is left out: it needs ImageNet-trained VGG-19 weights, which this service does not have.",
            SpadeLoss.PaperFeatureMatchingWeight, 0, 1000),
        new(KlWeightName, "Weight of the style encoder's KL divergence from N(0, I) (Park et al. 2019: 0.05).", SpadeLoss.PaperKlWeight, 0, 100),
        new(BatchSizeName, "Images per minibatch (at most the training set). Park et al. 2019: 32 over 8 GPUs.", 8, 1, 256, IsInteger: true),
        new(StepsName, "Optimisation steps of the generator (each followed by one step of the discriminators) in the run. The default takes about 5 minutes at 64 pixels on a 2-core CPU (benchmark README: 225 ms a step), where it already beats pix2pix at the same steps and at the same time in label-map fidelity; 4000 steps gain about 0.03 mIoU more.", 1200, 1, 1_000_000, IsInteger: true),
    ];

    public static SpadeHyperparameters From(Hyperparameters values) => new(
        values.GetInt(ChannelsName),
        values.GetInt(SpadeHiddenName),
        values.GetInt(LatentDimensionName),
        SpadeNormalisationKinds.Parse(values.GetChoice(NormalisationName, Specs)),
        values.Get(GeneratorLearningRateName),
        values.Get(DiscriminatorLearningRateName),
        values.Get(Beta1Name),
        values.Get(Beta2Name),
        values.Get(FeatureMatchingWeightName),
        values.Get(KlWeightName),
        values.GetInt(BatchSizeName),
        values.GetInt(StepsName));
}
