namespace GenService.ML.Families.TextGan;

/// <summary>
/// The text GAN's settings, typed. A run trains in three phases, each a function of the step so a resumed run
/// replays exactly: the text encoder in the joint embedding (<see cref="TextEncoderSteps"/>), then stage I, then stage II
/// (<see cref="StageTwoSteps"/>), each stage with the networks before it fixed, as Reed et al. pre-train their text
/// encoder and StackGAN trains its stages in turn.
/// </summary>
public sealed record TextGanHyperparameters(
    int Steps,
    double TextEncoderShare,
    double StageTwoShare,
    int BatchSize,
    double LearningRate,
    double Beta1,
    double Beta2,
    int LatentDim,
    int ConditionDim,
    int TextDim,
    int BaseChannels,
    int StageTwoChannels,
    double KlWeight,
    double InterpolationBeta,
    double WordDropout,
    double MatchingWeight)
{
    public const string StepsName = "steps";
    public const string TextEncoderShareName = "text_encoder_share";
    public const string StageTwoShareName = "stage2_share";
    public const string BatchSizeName = "batch_size";
    public const string LearningRateName = "learning_rate";
    public const string Beta1Name = "beta1";
    public const string Beta2Name = "beta2";
    public const string LatentDimName = "latent_dim";
    public const string ConditionDimName = "condition_dim";
    public const string TextDimName = "text_dim";
    public const string BaseChannelsName = "base_channels";
    public const string StageTwoChannelsName = "stage2_channels";
    public const string KlWeightName = "kl_weight";
    public const string InterpolationBetaName = "interpolation_beta";
    public const string WordDropoutName = "word_dropout";
    public const string MatchingWeightName = "matching_weight";

    /// <summary>The fewest steps: one for each phase.</summary>
    public const int MinimumSteps = 3;

    /// <summary>A share's most, so the two shares never leave stage I without a step.</summary>
    private const double MaximumShare = 0.45;

    /// <summary>The token embedding and GRU state of the text encoder (<see cref="Text.TextEncoder"/>'s widths, halved for a CPU).</summary>
    public const int TokenDim = 128;
    public const int HiddenDim = 256;

    public static IReadOnlyList<HyperparameterSpec> Specs { get; } =
    [
        new(StepsName,
            "Steps in the run, all phases together: the text encoder's 300, then stage I's 3700, then stage II's 500 at the "
            + "default shares. Sized so that a default run on Fashion-MNIST captions takes about 40 minutes of one core's CPU time "
            + "with tcmalloc preloaded (0.07 s a text encoder step, 0.41 s a stage I step, 1.7 s a stage II step at "
            + "stage2_channels 16). Stage I gets most of the budget because its class rate still rises with steps (0.56 at 2100, "
            + "0.69 at 3700) and stage II's follows it, though below it; this split drew the class a held-out caption names 0.60 "
            + "of the time at stage II against 0.57 for 2100 stage I and 600 stage II steps (the benchmark README). Past 3700 it "
            + "no longer rises: 6000 stage I steps drew the class 0.73 of the time at stage I against 0.78. On both cores of a "
            + "2-core VM (one libtorch thread a core, the service's default) the default run takes about 28 minutes.",
            4500, MinimumSteps, 1_000_000, IsInteger: true),
        new(TextEncoderShareName,
            "Share of the steps (at least one) that pre-train the text encoder with Reed et al. 2016's joint embedding objective "
            + "against image features, before the GAN trains on its embeddings with the encoder fixed (as Reed et al. do). Ours: "
            + "300 of the default 4500 steps, after which the nearest class prompt of a held-out caption is its class 96 % of "
            + "the time, and of its phrasing no training caption uses 93 %, with word_dropout 0.2 (more steps did not raise the "
            + "class rate).",
            0.0667, 0, MaximumShare),
        new(StageTwoShareName,
            "Share of the steps (at least one) that train stage II with stage I fixed, as StackGAN (Zhang et al. 2017) trains its "
            + "stages in turn; the rest train stage I. Ours: a stage II step costs about four times a stage I step in CPU time "
            + "(1.7 s against 0.41 s on one thread), so the default 500 of 4500 steps are about a third of the run.",
            0.1112, 0, MaximumShare),
        new(BatchSizeName, "Images per minibatch (at most the training set). Reed et al. 2016 and Zhang et al. 2017: 64.", 64, 2, 1024, IsInteger: true),
        new(LearningRateName, "Adam's step size for every network (Reed et al. 2016 and Zhang et al. 2017: 2e-4).", 2e-4, 1e-6, 1e-2),
        new(Beta1Name, "Adam's β1 (Reed et al. 2016 and Zhang et al. 2017: 0.5).", 0.5, 0, 0.999),
        new(Beta2Name, "Adam's β2 (both papers: the default 0.999).", 0.999, 0, 0.9999),
        new(LatentDimName, "Size of z ~ N(0, I) (Reed et al. 2016 and Zhang et al. 2017: 100).", 100, 2, 1024, IsInteger: true),
        new(ConditionDimName,
            "Size of the augmented condition ĉ (Zhang et al. 2017: N_g = 128) and of the text as the discriminator projects it "
            + "(Reed et al. 2016: 128).", 128, 2, 1024, IsInteger: true),
        new(TextDimName,
            "Size of the text embedding φ(t). Reed et al. 2016 use 1024; the default is a quarter of it, enough for captions "
            + "of a few hundred distinct tokens and cheaper on a CPU.", 256, 8, 2048, IsInteger: true),
        new(BaseChannelsName,
            "Channels of stage I's G last and D's first hidden layer, doubling with every halving of the resolution up to 8x "
            + "(Reed et al. 2016 follow DCGAN's 64 for G and D). The default 32 halves the paper's to fit a CPU run; the cost "
            + "grows with its square.", 32, 4, 256, IsInteger: true),
        new(StageTwoChannelsName,
            "Stage II's width: its generator works with 1x to 4x of it (StackGAN's stage II G works with 2x to 8x of its 64 after "
            + "encoding the image), its discriminator's first hidden layer has it, doubling with every halving. The default 16, "
            + "half of base_channels, makes a stage II step 2.5 times cheaper than at 32 (14.3 s to 5.8 s of CPU a step on one "
            + "thread), so stage II fits a 45-minute CPU run.",
            16, 4, 256, IsInteger: true),
        new(KlWeightName,
            "λ, the weight of conditioning augmentation's KL term in G's loss, the KL averaged over the condition's dimensions as "
            + "the authors' code (TensorFlow and PyTorch) averages it. Zhang et al. 2017 (section 3.1) set λ = 1 for all their "
            + "experiments; their reference code's configurations use 2.", 1, 0, 100),
        new(InterpolationBetaName,
            "β of GAN-INT (Reed et al. 2016, section 4.3): G is also trained on the text embedding β t₁ + (1 − β) t₂ of two "
            + "captions, with no image to match; the paper fixes β = 0.5. 0 or 1 turn the interpolation off.", 0.5, 0, 1),
        new(WordDropoutName,
            "Chance that the text encoder's training reads a caption's token as the unknown token (word dropout, Iyyer et al. "
            + "2015), so the unknown token's row is trained and a prompt with words no caption used (another phrasing, a "
            + "misspelling) encodes near the captions it resembles instead of wherever an untrained row sends it. Ours: at 0.2 "
            + "the class rate of drawings from phrasings absent from training rose from 0.63 to 0.71, that of training "
            + "phrasings stayed at 0.72 (issue 16, the benchmark README).",
            0.2, 0, 0.9),
        new(MatchingWeightName,
            "Weight of the text-image matching term in G's loss at both stages: the image encoder of the joint embedding, fixed "
            + "after the text encoder's phase, embeds each drawn image (stage II's at stage I's size), and Reed et al. 2016's "
            + "joint embedding loss asks it to score its own caption above the batch's captions of other classes. This is "
            + "AttnGAN's sentence-level DAMSM term (Xu et al. 2018, λ = 5 on birds), with this service's joint embedding in place "
            + "of their pretrained encoders. Ours: the default 5 drew the class a held-out caption names 0.89 of the time at "
            + "stage II (0.87 of phrasings absent from training) against 0.72 without it, and 1 drew it 0.83 of the time; 0 "
            + "turns the term off, as neither GAN-INT-CLS nor StackGAN has it (issue 16, the benchmark README). The evaluation's retrieval score "
            + "uses the same image encoder, so above 0 it no longer measures G independently.",
            5, 0, 100),
    ];

    public static TextGanHyperparameters From(Hyperparameters values) => new(
        values.GetInt(StepsName),
        values.Get(TextEncoderShareName),
        values.Get(StageTwoShareName),
        values.GetInt(BatchSizeName),
        values.Get(LearningRateName),
        values.Get(Beta1Name),
        values.Get(Beta2Name),
        values.GetInt(LatentDimName),
        values.GetInt(ConditionDimName),
        values.GetInt(TextDimName),
        values.GetInt(BaseChannelsName),
        values.GetInt(StageTwoChannelsName),
        values.Get(KlWeightName),
        values.Get(InterpolationBetaName),
        values.Get(WordDropoutName),
        values.Get(MatchingWeightName));

    /// <summary>Steps that train the text encoder: the first ones.</summary>
    public int TextEncoderSteps => PhaseSteps(TextEncoderShare);

    /// <summary>Steps that train stage II: the last ones.</summary>
    public int StageTwoSteps => PhaseSteps(StageTwoShare);

    /// <summary>Steps that train stage I: those between; one at least, since each share is at most 0.45 and the run has 3 steps or more.</summary>
    public int StageOneSteps => Steps - TextEncoderSteps - StageTwoSteps;

    /// <summary>What step <paramref name="step"/> trains: null for the text encoder, otherwise a stage.</summary>
    public TextToImageStage? PhaseAt(long step) =>
        step < TextEncoderSteps ? null
        : step < TextEncoderSteps + StageOneSteps ? TextToImageStage.I
        : TextToImageStage.II;

    private int PhaseSteps(double share) => Math.Max(1, (int)Math.Floor(share * Steps));
}
