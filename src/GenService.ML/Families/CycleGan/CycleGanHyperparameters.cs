namespace GenService.ML.Families.CycleGan;

/// <summary>CycleGAN's settings, typed; defaults are Zhu et al. 2017's except the width, the residual blocks and the
/// batch size, which are sized for a 2-core CPU on 28x28 Fashion-MNIST.</summary>
/// <param name="DomainALabel">The label of domain A's images in a labelled image dataset (or its style, for landscapes).</param>
/// <param name="DomainBLabel">The label of domain B's images.</param>
/// <param name="Steps">Read by the service to schedule the run, and by the trainer for the learning-rate schedule.</param>
public sealed record CycleGanHyperparameters(
    int DomainALabel,
    int DomainBLabel,
    int BaseChannels,
    int ResidualBlocks,
    double LearningRate,
    double Beta1,
    double Beta2,
    double CycleWeight,
    double IdentityWeight,
    int PoolSize,
    int BatchSize,
    int Steps)
{
    public const string DomainALabelName = "domain_a_label";
    public const string DomainBLabelName = "domain_b_label";
    public const string BaseChannelsName = "base_channels";
    public const string ResidualBlocksName = "residual_blocks";
    public const string LearningRateName = "learning_rate";
    public const string Beta1Name = "beta1";
    public const string Beta2Name = "beta2";
    public const string CycleWeightName = "cycle_weight";
    public const string IdentityWeightName = "identity_weight";
    public const string PoolSizeName = "pool_size";
    public const string BatchSizeName = "batch_size";
    public const string StepsName = "steps";

    public static IReadOnlyList<HyperparameterSpec> Specs { get; } =
    [
        new(DomainALabelName,
            "The class label whose images are domain A: a label of a labelled image dataset (Fashion-MNIST's 7 is sneaker), "
            + "a style of a landscapes dataset (0 day, 1 sunset, 2 night, 3 winter), or 0 for an upload in the CycleGAN layout "
            + "(trainA/ is A = 0, trainB/ is B = 1). The default pairs Fashion-MNIST's sneakers with its sandals.",
            7, 0, 1000, IsInteger: true),
        new(DomainBLabelName, "The class label whose images are domain B (Fashion-MNIST's 5 is sandal; 1 for trainB/ of an upload).",
            5, 0, 1000, IsInteger: true),
        new(BaseChannelsName,
            "Channels of G's first and last layers (doubled twice inside) and of D's first layer. Zhu et al. 2017: 64. The default "
            + "32 costs about a quarter of that and trains on a 2-core CPU; the cost grows with its square.",
            32, 4, 128, IsInteger: true),
        new(ResidualBlocksName,
            "Residual blocks of each generator, at a quarter of the image's side. Zhu et al. 2017: 6 at 128x128, 9 at 256x256 "
            + "and above; the default is the 128-pixel 6, which at 28 pixels works on 7x7 features.",
            6, 0, 12, IsInteger: true),
        new(LearningRateName,
            "Adam's step size for both generators and both discriminators (Zhu et al. 2017: 2e-4), kept for the first half of "
            + "the run, then decayed linearly to 0 at its last step.",
            2e-4, 1e-6, 1e-2),
        new(Beta1Name, "Adam's β1 (Zhu et al. 2017: 0.5).", 0.5, 0, 0.999),
        new(Beta2Name, "Adam's β2 (Zhu et al. 2017: PyTorch's default 0.999).", 0.999, 0, 0.9999),
        new(CycleWeightName, "λ, the weight of the cycle-consistency L1 in both directions (Zhu et al. 2017: 10).",
            CycleGanLoss.PaperCycleWeight, 0, 100),
        new(IdentityWeightName,
            "The identity loss's weight relative to λ: G_AB(b) should be b and G_BA(a) be a (Zhu et al. 2017, section 5.2; "
            + "the reference implementation's 0.5). 0 leaves the identity loss out.",
            CycleGanLoss.PaperIdentityWeight, 0, 10),
        new(PoolSizeName,
            "Earlier translations kept per discriminator, shown to it half the time once full (Zhu et al. 2017: 50). 0 shows "
            + "only the latest.",
            ImagePool.PaperCapacity, 0, 1000, IsInteger: true),
        new(BatchSizeName,
            "Images of each domain per minibatch (at most the smaller domain). Zhu et al. 2017 use 1; the default 4 keeps a "
            + "CPU busier per step.",
            4, 1, 256, IsInteger: true),
        new(StepsName,
            "Optimisation steps (each one step of both generators, then of both discriminators); the learning rate decays "
            + "over the second half. The default 6000, at the default width and batch, shows each domain 24,000 images: four "
            + "passes over Fashion-MNIST's 6,000 sneakers, in well under 45 minutes on 2 CPU cores at 28x28.",
            6000, 2, 1_000_000, IsInteger: true),
    ];

    public static CycleGanHyperparameters From(Hyperparameters values) => new(
        values.GetInt(DomainALabelName),
        values.GetInt(DomainBLabelName),
        values.GetInt(BaseChannelsName),
        values.GetInt(ResidualBlocksName),
        values.Get(LearningRateName),
        values.Get(Beta1Name),
        values.Get(Beta2Name),
        values.Get(CycleWeightName),
        values.Get(IdentityWeightName),
        values.GetInt(PoolSizeName),
        values.GetInt(BatchSizeName),
        values.GetInt(StepsName));
}
