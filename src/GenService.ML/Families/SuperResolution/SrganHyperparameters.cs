namespace GenService.ML.Families.SuperResolution;

/// <summary>The content loss SRGAN's generator minimises beside the adversarial loss.</summary>
public enum ContentLossKind
{
    /// <summary>The paper's SRGAN-VGG54: MSE of feature maps (<see cref="FeatureContentLoss"/>).</summary>
    Features,

    /// <summary>The paper's SRGAN-MSE: pixel-wise MSE (<see cref="PixelContentLoss"/>).</summary>
    Pixels,
}

/// <summary>SRGAN's settings: the shared ones and those of its adversarial phase.</summary>
/// <param name="PretrainSteps">Steps of SRResNet (pixel MSE) training at the start of the run, from which the
/// adversarial phase starts, as Ledig et al. initialise SRGAN from a trained SRResNet.</param>
/// <param name="FeatureSteps">Steps of the feature network behind the feature content loss.</param>
public sealed record SrganHyperparameters(
    SuperResolutionHyperparameters Shared,
    int PretrainSteps,
    ContentLossKind ContentLoss,
    double AdversarialWeight,
    int DiscriminatorChannels,
    int FeatureSteps)
{
    public const string PretrainStepsName = "pretrain_steps";
    public const string ContentLossName = "content_loss";
    public const string AdversarialWeightName = "adversarial_weight";
    public const string DiscriminatorChannelsName = "discriminator_channels";
    public const string FeatureStepsName = "feature_steps";

    /// <summary>In the order of <see cref="ContentLossKind"/>, so a choice index is the enum value.</summary>
    public static IReadOnlyList<string> ContentLossNames { get; } = ["features", "pixels"];

    /// <summary>About half an hour on an otherwise idle 2-core CPU at the default sizes: 15 000 pre-training steps
    /// of about 0.06 s, then 3000 adversarial steps, each about four times as costly (D, G and the feature network).</summary>
    public const int DefaultSteps = 18_000;

    public static IReadOnlyList<HyperparameterSpec> Specs { get; } =
    [
        .. SuperResolutionHyperparameters.Specs(DefaultSteps, (1e-4,
            "The default is the paper's: the adversarial phase shares it, and GAN training is where a larger step is a risk.")),
        new(PretrainStepsName,
            "The first steps of the run train the generator alone on pixel MSE (an SRResNet); the adversarial phase starts "
            + "from it. Ledig et al. 2017 start SRGAN from an SRResNet trained for 10^6 steps; the default spends "
            + "about half the CPU budget on it.",
            15_000, 0, 10_000_000, IsInteger: true),
        HyperparameterSpec.Choice(ContentLossName,
            "features: MSE of the last convolutional feature maps of a feature network trained at the start of the run on "
            + "the training crops (their classes, or their rotation when unlabelled), standing in for the paper's VGG19 φ5,4, "
            + "whose ImageNet weights cannot be had here; pixels: pixel-wise MSE (the paper's SRGAN-MSE).",
            ContentLossNames, "features"),
        new(AdversarialWeightName, "Weight of the adversarial loss beside the content loss. Ledig et al. 2017: 1e-3.",
            SrganLoss.PaperAdversarialWeight, 0, 1),
        new(DiscriminatorChannelsName,
            "Channels of the discriminator's first convolutions, doubling to 8x. Ledig et al. 2017: 64. The default 32 "
            + "quarters its cost, to fit the CPU budget.",
            32, 4, 256, IsInteger: true),
        new(FeatureStepsName,
            "features content loss only: training steps of its feature network (batches of 32 crops, Adam 1e-3). The "
            + "default takes under a minute on a 2-core CPU.",
            300, 1, 100_000, IsInteger: true),
    ];

    public static SrganHyperparameters From(Hyperparameters values) => new(
        SuperResolutionHyperparameters.From(values),
        values.GetInt(PretrainStepsName),
        (ContentLossKind)values.GetInt(ContentLossName),
        values.Get(AdversarialWeightName),
        values.GetInt(DiscriminatorChannelsName),
        values.GetInt(FeatureStepsName));
}
