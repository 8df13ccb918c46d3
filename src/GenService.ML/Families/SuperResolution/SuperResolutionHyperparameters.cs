namespace GenService.ML.Families.SuperResolution;

/// <summary>
/// The settings SRResNet and SRGAN share, typed. Each default is Ledig et al. 2017's value, except where the
/// spec says it is scaled down so that a run with no settings takes about half an hour on a 2-core CPU; the
/// paper trains for days on a GPU.
/// </summary>
/// <param name="Steps">Training steps. Read by the service to schedule the run and by the trainer to place the step-size
/// drop; the trainer itself never stops.</param>
public sealed record SuperResolutionHyperparameters(
    int Scale,
    int Channels,
    int ResidualBlocks,
    bool BicubicSkip,
    int CropSize,
    int BatchSize,
    double LearningRate,
    double LearningRateDrop,
    double Beta1,
    double Beta2,
    int Steps)
{
    public const string ScaleName = "scale";
    public const string ChannelsName = "channels";
    public const string ResidualBlocksName = "residual_blocks";
    public const string SkipName = "skip";
    public const string CropSizeName = "crop_size";
    public const string BatchSizeName = "batch_size";
    public const string LearningRateName = "learning_rate";
    public const string LearningRateDropName = "learning_rate_drop";
    public const string Beta1Name = "beta1";
    public const string Beta2Name = "beta2";
    public const string StepsName = "steps";

    /// <summary>Adam's step size <paramref name="stepInPhase"/> steps into a phase of <paramref name="phaseSteps"/>.</summary>
    public double LearningRateAt(long stepInPhase, long phaseSteps) =>
        stepInPhase >= LearningRateDrop * phaseSteps ? LearningRate / 10 : LearningRate;

    /// <summary>The scale choices as clients write them, in the order of <see cref="SuperResolutionArchitecture.Scales"/>.</summary>
    public static IReadOnlyList<string> ScaleNames { get; } = ["x2", "x4"];

    /// <summary>The skip choices as clients write them.</summary>
    public static IReadOnlyList<string> SkipNames { get; } = ["bicubic", "none"];

    /// <param name="defaultSteps">The run length that fits the CPU budget for this family.</param>
    /// <param name="defaultLearningRate">Adam's step size for this family, with why, for the description.</param>
    public static IReadOnlyList<HyperparameterSpec> Specs(int defaultSteps, (double Value, string Why) defaultLearningRate) =>
    [
        HyperparameterSpec.Choice(ScaleName,
            "How many times larger the output is in height and width: x4 as in Ledig et al. 2017, or x2. One ×2 sub-pixel "
            + "upsampling block per factor of 2.",
            ScaleNames, "x4"),
        new(ChannelsName,
            "Feature channels of the generator's hidden layers. Ledig et al. 2017: 64. The default 32 quarters the cost of a "
            + "step, to fit the CPU budget; the cost grows with its square.",
            32, 4, 256, IsInteger: true),
        new(ResidualBlocksName,
            "B, the residual blocks at low resolution. Ledig et al. 2017: 16. The default 8 halves the cost of a step, to fit "
            + "the CPU budget.",
            8, 0, 64, IsInteger: true),
        HyperparameterSpec.Choice(SkipName,
            "What is added to the generator's output. none: nothing, as in Ledig et al. 2017. bicubic: the input's bicubic "
            + "upscale, so the network learns only the detail bicubic misses (Kim et al. 2016's global residual "
            + "learning, VDSR). The default: at the default budget it starts at bicubic's quality instead of below it "
            + "(benchmark README). Runs and models stored before this setting existed have none.",
            SkipNames, "bicubic") with { WhenNotStored = 1 },
        new(CropSizeName,
            "Side in pixels of the high-resolution training crops, whose bicubic downscales are the inputs. Ledig et al. "
            + "2017: 96. The default 48 makes a step four times cheaper, so a CPU run takes four times as many steps in the "
            + "same time (which, measured early in training, mattered more than the crop size). Lowered to the images' "
            + "shorter side where they are smaller, and to a multiple of the scale.",
            48, SuperResolutionArchitecture.MinimumSize, 512, IsInteger: true),
        new(BatchSizeName, "Crops per minibatch. Ledig et al. 2017: 16.", 16, 1, 256, IsInteger: true),
        new(LearningRateName, "Adam's step size at the start. Ledig et al. 2017: 1e-4. " + defaultLearningRate.Why,
            defaultLearningRate.Value, 1e-6, 1e-2),
        new(LearningRateDropName,
            "The share of the run (for SRGAN: of each phase, pre-training and adversarial) after which the step size is "
            + "divided by 10; 1 keeps it constant. Ledig et al. 2017 train SRGAN 10^5 steps at 1e-4 and 10^5 at 1e-5, a "
            + "drop at 0.5. The default 0.8: a default CPU run at a constant step size still gained until 80 % of its steps "
            + "and then swung by 0.3 dB from one evaluation to the next (benchmark README). Runs stored before this setting "
            + "existed keep a constant step size when resumed.",
            0.8, 0, 1, WhenNotStored: 1),
        new(Beta1Name, "Adam's β1. Ledig et al. 2017: 0.9.", 0.9, 0, 0.999),
        new(Beta2Name, "Adam's β2. Ledig et al. 2017 keep Adam's default 0.999.", 0.999, 0, 0.9999),
        new(StepsName,
            "Training steps in the run. Ledig et al. 2017 train SRResNet for 10^6 and SRGAN for 2·10^5; the default fits "
            + "about 30 minutes on a 2-core CPU.",
            defaultSteps, 1, 10_000_000, IsInteger: true),
    ];

    public static SuperResolutionHyperparameters From(Hyperparameters values) => new(
        SuperResolutionArchitecture.Scales[values.GetInt(ScaleName)],
        values.GetInt(ChannelsName),
        values.GetInt(ResidualBlocksName),
        SkipNames[values.GetInt(SkipName)] == "bicubic",
        values.GetInt(CropSizeName),
        values.GetInt(BatchSizeName),
        values.Get(LearningRateName),
        values.Get(LearningRateDropName),
        values.Get(Beta1Name),
        values.Get(Beta2Name),
        values.GetInt(StepsName));
}
