using GenService.ML.Adversarial;

namespace GenService.ML.Families.Dcgan;

/// <summary>
/// The DCGAN's settings, typed. Optimiser, batch size and critic steps follow the chosen objective's paper
/// unless the run sets them: Radford et al. 2016 for minimax and non_saturating, Arjovsky et al. 2017 for
/// wgan, Gulrajani et al. 2017 for wgan_gp.
/// </summary>
/// <param name="CriticCatchUpSteps">wgan only: D steps before G's first <see cref="CatchUpGeneratorSteps"/> steps and
/// every <see cref="CatchUpInterval"/>th (<see cref="CriticStepsAt"/>).</param>
/// <param name="Steps">Generator steps; each comes after <see cref="CriticStepsAt"/> steps of D. Read by
/// the service to schedule the run; the trainer itself never stops.</param>
public sealed record DcganHyperparameters(
    AdversarialObjective Objective,
    int LatentDim,
    int BaseChannels,
    double LearningRate,
    double Beta1,
    double Beta2,
    int BatchSize,
    int CriticSteps,
    int CriticCatchUpSteps,
    double ClipLimit,
    double GradientPenaltyWeight,
    int Steps)
{
    public const string ObjectiveName = "objective";
    public const string LatentDimName = "latent_dim";
    public const string BaseChannelsName = "base_channels";
    public const string LearningRateName = "learning_rate";
    public const string Beta1Name = "beta1";
    public const string Beta2Name = "beta2";
    public const string BatchSizeName = "batch_size";
    public const string CriticStepsName = "critic_steps";
    public const string CriticCatchUpStepsName = "critic_catch_up_steps";
    public const string ClipLimitName = "clip_limit";
    public const string GradientPenaltyWeightName = "gradient_penalty_weight";
    public const string StepsName = "steps";

    /// <summary>Radford et al. train with the non-saturating G loss, as Goodfellow et al. 2014 advise in practice.</summary>
    public const AdversarialObjective DefaultObjective = AdversarialObjective.NonSaturating;

    /// <summary>G's first steps, before which Arjovsky et al.'s code trains the clipped critic for
    /// <see cref="CriticCatchUpSteps"/> steps.</summary>
    public const int CatchUpGeneratorSteps = 25;

    /// <summary>Every this many G steps Arjovsky et al.'s code trains the clipped critic for <see cref="CriticCatchUpSteps"/> steps again.</summary>
    public const int CatchUpInterval = 500;

    public static IReadOnlyList<HyperparameterSpec> Specs { get; } =
    [
        HyperparameterSpec.Choice(ObjectiveName,
            "What D and G play. minimax: the min-max game exactly (G minimises E log(1 − D(G(z)))); non_saturating: G "
            + "maximises E log D(G(z)) instead; wgan: a weight-clipped critic estimates the Wasserstein-1 distance, trained "
            + "with RMSProp; wgan_gp: the critic is kept 1-Lipschitz by a gradient penalty and uses layer normalisation "
            + "instead of batch normalisation.",
            AdversarialObjectives.Names, AdversarialObjectives.Names[(int)DefaultObjective]),
        new(LatentDimName, "Size of z ~ N(0, I) (Radford et al. 2016: 100).", 100, 2, 1024, IsInteger: true),
        new(BaseChannelsName,
            "Channels of G's last and D's first hidden layer; each halving of the resolution doubles them, up to 8x. "
            + "Radford et al. 2016 use 128 (1024 channels at 4x4 for 64x64 images), the PyTorch reference implementation 64. "
            + "The default 32 costs a sixteenth of the paper's width: a default non_saturating run (2000 steps) takes about "
            + "10 minutes on a 2-core CPU. The cost grows with its square.",
            32, 4, 256, IsInteger: true),
        ByObjective(new(LearningRateName,
            "Step size of both optimisers. Radford et al. 2016: Adam 2e-4; Arjovsky et al. 2017: RMSProp 5e-5; "
            + "Gulrajani et al. 2017: Adam 1e-4.", 2e-4, 1e-6, 1e-2),
            minimax: 2e-4, nonSaturating: 2e-4, wasserstein: 5e-5, gradientPenalty: 1e-4),
        ByObjective(new(Beta1Name,
            "Adam's β1 (Radford et al. 2016: 0.5; Gulrajani et al. 2017: 0). Not used by wgan, which trains with RMSProp "
            + "because momentum made the clipped critic unstable (Arjovsky et al. 2017).", 0.5, 0, 0.999),
            minimax: 0.5, nonSaturating: 0.5, wasserstein: 0.5, gradientPenalty: 0),
        ByObjective(new(Beta2Name,
            "Adam's β2 (Radford et al. 2016: PyTorch's default 0.999; Gulrajani et al. 2017: 0.9). Not used by wgan.",
            0.999, 0, 0.9999),
            minimax: 0.999, nonSaturating: 0.999, wasserstein: 0.999, gradientPenalty: 0.9),
        ByObjective(new(BatchSizeName,
            "Images per minibatch, real and generated each (at most the training set). Radford et al. 2016: 128; "
            + "Arjovsky et al. 2017 and Gulrajani et al. 2017: 64.", 128, 2, 1024, IsInteger: true),
            minimax: 128, nonSaturating: 128, wasserstein: 64, gradientPenalty: 64),
        ByObjective(new(CriticStepsName,
            "D steps per G step, each on its own minibatch. 1 for the classic objectives; the Wasserstein critic "
            + "should be near its optimum before G moves: n_critic = 5 (Arjovsky et al. 2017, Gulrajani et al. 2017). "
            + "Under wgan some G steps take critic_catch_up_steps instead.",
            1, 1, 20, IsInteger: true),
            minimax: 1, nonSaturating: 1, wasserstein: 5, gradientPenalty: 5),
        new(CriticCatchUpStepsName,
            "wgan only: D steps before each of G's first 25 steps and every 500th, instead of critic_steps, so the clipped critic "
            + "is near its optimum when G starts and again now and then (Arjovsky et al. 2017's code: 100). Set it to critic_steps "
            + "to train the critic evenly. It lengthens a default wgan run of 2000 steps by about a quarter; wgan_gp trains "
            + "critic_steps throughout, as Gulrajani et al. 2017 do. Runs stored before this setting existed resume with 5, "
            + "the critic steps they had.",
            100, 1, 1000, IsInteger: true, WhenNotStored: 5),
        new(ClipLimitName, "wgan only: every critic weight is clamped to [−c, c] after each critic step (Arjovsky et al. 2017: 0.01).",
            WeightClipping.PaperLimit, 1e-4, 1),
        new(GradientPenaltyWeightName, "wgan_gp only: λ, the weight of the gradient penalty (Gulrajani et al. 2017: 10).",
            GradientPenalty.PaperWeight, 0, 100),
        new(StepsName, "Generator steps in the run.", 2000, 1, 1_000_000, IsInteger: true),
    ];

    public static DcganHyperparameters From(Hyperparameters values) => new(
        AdversarialObjectives.Parse(values.GetChoice(ObjectiveName, Specs)),
        values.GetInt(LatentDimName),
        values.GetInt(BaseChannelsName),
        values.Get(LearningRateName),
        values.Get(Beta1Name),
        values.Get(Beta2Name),
        values.GetInt(BatchSizeName),
        values.GetInt(CriticStepsName),
        values.GetInt(CriticCatchUpStepsName),
        values.Get(ClipLimitName),
        values.Get(GradientPenaltyWeightName),
        values.GetInt(StepsName));

    /// <summary>D steps before generator step <paramref name="step"/>: under wgan <see cref="CriticCatchUpSteps"/> for the first
    /// <see cref="CatchUpGeneratorSteps"/> steps and every <see cref="CatchUpInterval"/>th, as Arjovsky et al.'s code does,
    /// otherwise <see cref="CriticSteps"/>. A function of the step, so a resumed run trains exactly as an uninterrupted one.</summary>
    public int CriticStepsAt(long step) =>
        Objective == AdversarialObjective.Wasserstein && (step < CatchUpGeneratorSteps || step % CatchUpInterval == 0)
            ? CriticCatchUpSteps
            : CriticSteps;

    /// <summary>The spec with its default following the objective; its <see cref="HyperparameterSpec.Default"/>
    /// becomes the value under <see cref="DefaultObjective"/>.</summary>
    private static HyperparameterSpec ByObjective(HyperparameterSpec spec, double minimax, double nonSaturating, double wasserstein, double gradientPenalty)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [AdversarialObjectives.MinimaxName] = minimax,
            [AdversarialObjectives.NonSaturatingName] = nonSaturating,
            [AdversarialObjectives.WassersteinName] = wasserstein,
            [AdversarialObjectives.WassersteinGradientPenaltyName] = gradientPenalty,
        };
        return spec with { Default = values[AdversarialObjectives.Names[(int)DefaultObjective]], DefaultsByChoice = new(ObjectiveName, values) };
    }
}
