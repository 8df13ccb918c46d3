using GenService.ML.Datasets;

namespace GenService.ML.Families.Pix2Pix;

/// <summary>pix2pix's settings, typed; defaults are Isola et al. 2017's except the width and batch size,
/// which are sized for a CPU.</summary>
/// <param name="Pairs">How pairs are made from a plain image dataset: its edges or its luma as the input. Unused on
/// a pairs dataset, whose stored pairs are trained on.</param>
/// <param name="Steps">Read by the service to schedule the run; the trainer itself never stops.</param>
public sealed record Pix2PixHyperparameters(
    PairDerivation Pairs,
    int BaseChannels,
    double LearningRate,
    double Beta1,
    double Beta2,
    double L1Weight,
    int BatchSize,
    int Steps)
{
    public const string PairsName = "pairs";
    public const string BaseChannelsName = "base_channels";
    public const string LearningRateName = "learning_rate";
    public const string Beta1Name = "beta1";
    public const string Beta2Name = "beta2";
    public const string L1WeightName = "l1_weight";
    public const string BatchSizeName = "batch_size";
    public const string StepsName = "steps";

    public static IReadOnlyList<HyperparameterSpec> Specs { get; } =
    [
        HyperparameterSpec.Choice(PairsName,
            "How training pairs are made from an images dataset, each image being the target. edges: the input is the "
            + "image's edge map (Canny's detector on its luma, black lines on white, as in edges2shoes); grayscale: the input "
            + "is its ITU-R BT.601 luma (colourisation; colour datasets only). A pairs dataset already holds its pairs, "
            + "which are trained on as stored: there this setting is refused (400) and not recorded.",
            PairDerivations.Names, PairDerivations.EdgesName) with { DatasetKinds = new HashSet<DatasetKind> { DatasetKind.Images } },
        new(BaseChannelsName,
            "Channels of G's first encoder layer and of D's first layer; each halving of the resolution doubles them, up to 8x. "
            + "Isola et al. 2017: 64. The default 16 costs a sixteenth of that and trains on a 2-core CPU; the cost grows "
            + "with its square.",
            16, 4, 128, IsInteger: true),
        new(LearningRateName, "Adam's step size for G and D (Isola et al. 2017: 2e-4).", 2e-4, 1e-6, 1e-2),
        new(Beta1Name, "Adam's β1 (Isola et al. 2017: 0.5).", 0.5, 0, 0.999),
        new(Beta2Name, "Adam's β2 (Isola et al. 2017: PyTorch's default 0.999).", 0.999, 0, 0.9999),
        new(L1WeightName, "λ, the weight of the L1 distance to the target in G's loss (Isola et al. 2017: 100).",
            Pix2PixLoss.PaperL1Weight, 0, 1000),
        new(BatchSizeName,
            "Pairs per minibatch (at most the training set). Isola et al. 2017 use 1 for most tasks and 4 for edges2shoes "
            + "and edges2handbags (appendix 6.3); the default is edges2shoes's.",
            4, 1, 256, IsInteger: true),
        new(StepsName, "Optimisation steps of G (each after one step of D) in the run.", 2000, 1, 1_000_000, IsInteger: true),
    ];

    public static Pix2PixHyperparameters From(Hyperparameters values) => new(
        PairDerivations.Parse(values.GetChoice(PairsName, Specs)),
        values.GetInt(BaseChannelsName),
        values.Get(LearningRateName),
        values.Get(Beta1Name),
        values.Get(Beta2Name),
        values.Get(L1WeightName),
        values.GetInt(BatchSizeName),
        values.GetInt(StepsName));
}
