using GenService.ML.Adversarial;

namespace GenService.ML.Families.Progan;

/// <summary>The Progressive GAN's settings, typed; defaults are Karras et al. 2018's except the width.</summary>
/// <param name="Steps">Steps of D and G (one each) in the run; the growth schedule is spread over them.</param>
/// <param name="FinalShare">Share of <paramref name="Steps"/> that trains the final resolution stable (<see cref="ProganSchedule"/>).</param>
/// <param name="EmaDecay">β of the generator's weight average that samples are drawn from.</param>
public sealed record ProganHyperparameters(
    int LatentDim,
    int Channels,
    double LearningRate,
    double Beta1,
    double Beta2,
    int BatchSize,
    double GradientPenaltyWeight,
    double DriftWeight,
    double EmaDecay,
    int MinibatchGroupSize,
    int Steps,
    double FinalShare)
{
    public const string LatentDimName = "latent_dim";
    public const string ChannelsName = "channels";
    public const string LearningRateName = "learning_rate";
    public const string Beta1Name = "beta1";
    public const string Beta2Name = "beta2";
    public const string BatchSizeName = "batch_size";
    public const string GradientPenaltyWeightName = "gradient_penalty_weight";
    public const string DriftWeightName = "drift_weight";
    public const string EmaDecayName = "ema_decay";
    public const string MinibatchGroupSizeName = "minibatch_group_size";
    public const string StepsName = "steps";
    public const string FinalShareName = "final_share";

    public static IReadOnlyList<HyperparameterSpec> Specs { get; } =
    [
        new(LatentDimName, "Size of z ~ N(0, I), normalised by pixel norm before the first layer (Karras et al. 2018: 512).",
            512, 2, 1024, IsInteger: true),
        new(ChannelsName,
            "Feature maps per layer up to 32x32, halving with each doubling above. Karras et al. 2018 use 512; the default 64 "
            + "costs about a sixtieth of that: a step of 16 images at 32x32 takes about 1.8 s on a 2-core CPU, so a default "
            + "32x32 run, 1400 of its 2000 steps at 32x32, takes about 45 minutes there. The cost grows with its square.",
            64, 4, 512, IsInteger: true),
        new(LearningRateName, "Adam's step size for D and G (Karras et al. 2018: 0.001).", 1e-3, 1e-6, 1e-2),
        new(Beta1Name, "Adam's β1 (Karras et al. 2018: 0).", 0, 0, 0.999),
        new(Beta2Name, "Adam's β2 (Karras et al. 2018: 0.99).", 0.99, 0, 0.9999),
        new(BatchSizeName, "Images per minibatch, real and generated each (Karras et al. 2018: 16 up to 128x128).",
            16, 2, 1024, IsInteger: true),
        new(GradientPenaltyWeightName, "λ, the weight of WGAN-GP's gradient penalty (Karras et al. 2018 after Gulrajani et al. 2017: 10).",
            GradientPenalty.PaperWeight, 0, 100),
        new(DriftWeightName, "ε_drift: D's loss adds ε_drift·E[D(x)²], keeping the critic's scores near zero (Karras et al. 2018: 0.001).",
            1e-3, 0, 1),
        new(EmaDecayName,
            "β of the running average of G's weights that previews and the served model use (Karras et al. 2018: 0.999). Early in a "
            + "run the average uses min(β, (1 + t) / (10 + t)) at step t, so it does not hold on to the initial weights.",
            0.999, 0, 0.9999),
        new(MinibatchGroupSizeName, "Images per group of D's minibatch standard deviation (Karras et al. 2018: 4).", 4, 1, 64, IsInteger: true),
        new(StepsName,
            "Steps in the run. The last final_share of them train the image size stable; the rest is split into equal phases: 4x4, then "
            + "for each doubling a fade-in of the new layers and, below the image size, a stable phase. Adam's state of D and G is reset "
            + "when a phase begins, as Karras et al.'s code does. The default 2000 fits the issue's budget of about 45 minutes on a "
            + "2-core CPU and reached FD 11.4 on Fashion-MNIST (tests/GenService.Benchmarks/README.md); Karras et al. train for "
            + "12M images, 750,000 steps of 16.",
            2000, 1, 1_000_000, IsInteger: true),
        new(FinalShareName,
            "Share of the steps that trains the image size stable, after it has faded in. Karras et al.'s code shows 600k images per "
            + "fade-in and per stable phase and trains the final resolution until 12M images: for 32x32 (4x4 stable and three "
            + "doublings, six phases, 3.6M images) that is 70 % of the run, the default. At 64x64 it would be 60 %, at 128x128 50 %.",
            0.7, 0, 0.95),
    ];

    public static ProganHyperparameters From(Hyperparameters values) => new(
        values.GetInt(LatentDimName),
        values.GetInt(ChannelsName),
        values.Get(LearningRateName),
        values.Get(Beta1Name),
        values.Get(Beta2Name),
        values.GetInt(BatchSizeName),
        values.Get(GradientPenaltyWeightName),
        values.Get(DriftWeightName),
        values.Get(EmaDecayName),
        values.GetInt(MinibatchGroupSizeName),
        values.GetInt(StepsName),
        values.Get(FinalShareName));
}
