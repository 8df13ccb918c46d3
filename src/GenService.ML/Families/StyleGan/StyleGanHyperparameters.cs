namespace GenService.ML.Families.StyleGan;

/// <summary>
/// StyleGAN's settings, typed. The defaults are StyleGAN2-ADA's own configuration for 32x32 images (Karras et al.
/// 2020b, its CIFAR-10 settings: no style mixing, a 2-layer mapping network, an EMA ramp-up) with R1's γ raised to
/// 0.1, which an ablation on Fashion-MNIST chose (the benchmark README, "The ablation for small images"), and the
/// network's size cut so that a run converges on a 2-core CPU: the paper's networks are 512 channels wide at every
/// resolution up to 64x64, several hundred times the arithmetic of ours at 32x32.
/// </summary>
/// <param name="Steps">Read by the service to schedule the run; the trainer itself never stops. The paper trains on
/// 25 million images; 11,000 steps of 16 are 176,000, about the CPU time of the former 6000 steps of 32, and gave FD
/// 4.74 and recall 0.260 on Fashion-MNIST (the benchmark README, "Twice the steps at half the batch").</param>
/// <param name="BatchSize">StyleGAN2 (config F) and StyleGAN2-ADA's 32x32 configuration: 32. Half of it gives a CPU run
/// twice the updates for the same time; the 6000-step comparison at one cost is in the same README section.</param>
/// <param name="LearningRate">StyleGAN2: Adam 0.002, β = (0, 0.99), for both networks.</param>
/// <param name="R1Gamma">Weight γ of R1 (D's loss adds γ/2 · E‖∇D(x)‖²). StyleGAN2 uses 10 for FFHQ at 1024x1024;
/// the penalty grows with the number of pixels, and the StyleGAN2-ADA paper (Karras et al. 2020b) uses 0.01 for
/// CIFAR-10 at 32x32. At 0.01 the penalty stayed near 0.01 against a discriminator loss near 1 here; the ablation at
/// 1500 steps gave FD 12.16 at 0.1 against 16.43 at 0.01 and 14.94 at 1.</param>
/// <param name="R1Interval">Lazy regularisation (StyleGAN2, section 3.1): R1 every 16 minibatches, scaled by 16.</param>
/// <param name="StyleMixingProbability">StyleGAN, section 3.1, mixes two w at a random crossover in 90 % of training
/// images; StyleGAN2-ADA turns mixing off for 32x32 (0), whose 4 synthesis blocks leave little to mix.</param>
/// <param name="EmaHalfLifeImages">StyleGAN2: the generator's weight average has a half-life of 10,000 images.</param>
/// <param name="EmaRampUp">StyleGAN2-ADA's <c>ema_rampup</c>: the half-life is at most this share of the images seen
/// so far. Its 32x32 (CIFAR-10) configuration uses 0.05, as here; StyleGAN2's own configurations none (0).</param>
/// <param name="WDim">Size of z and w. The paper's 512 (both).</param>
/// <param name="MappingLayers">The paper's 8 for FFHQ; StyleGAN2-ADA's 32x32 configuration uses 2.</param>
/// <param name="ChannelBase">Feature maps at resolution r: ChannelBase / r, at most <paramref name="MaxChannels"/>.
/// StyleGAN2 uses 32768 and 512 (512 maps up to 64x64). Ours, 512 and 64, give 64 maps at 4x4 and 8x8, 32 at
/// 16x16 and 16 at 32x32: the 32x32 layers cost most, and at 1024 (32 maps there) a step took 4x as long.</param>
/// <param name="MaxChannels">See <paramref name="ChannelBase"/>.</param>
/// <param name="MinibatchGroupSize">Images per group of D's minibatch standard deviation, the statistic that lets D
/// see how varied G's images are. Progressive GAN and StyleGAN2 use 4; StyleGAN2-ADA's 32x32 configuration uses 32.</param>
public sealed record StyleGanHyperparameters(
    int Steps = 11_000,
    int BatchSize = 16,
    double LearningRate = 0.002,
    double R1Gamma = 0.1,
    int R1Interval = 16,
    double StyleMixingProbability = 0,
    double EmaHalfLifeImages = 10_000,
    double EmaRampUp = 0.05,
    int WDim = 512,
    int MappingLayers = 2,
    int ChannelBase = 512,
    int MaxChannels = 64,
    int MinibatchGroupSize = 4)
{
    public const string StepsName = "steps";
    public const string BatchSizeName = "batch_size";
    public const string LearningRateName = "learning_rate";
    public const string R1GammaName = "r1_gamma";
    public const string R1IntervalName = "r1_interval";
    public const string StyleMixingProbabilityName = "style_mixing_probability";
    public const string EmaHalfLifeImagesName = "ema_half_life_images";
    public const string EmaRampUpName = "ema_ramp_up";
    public const string WDimName = "w_dim";
    public const string MappingLayersName = "mapping_layers";
    public const string ChannelBaseName = "channel_base";
    public const string MaxChannelsName = "max_channels";
    public const string MinibatchGroupSizeName = "minibatch_group_size";

    private static readonly StyleGanHyperparameters Defaults = new();

    public static IReadOnlyList<HyperparameterSpec> Specs { get; } =
    [
        new(StepsName, "Optimisation steps in the run (one discriminator and one generator update each).", Defaults.Steps, 1, 1_000_000, IsInteger: true),
        new(BatchSizeName, "Images per step (at most the training set). StyleGAN2 uses 32; the default 16 gives a CPU run twice the updates for its time.", Defaults.BatchSize, 2, 256, IsInteger: true),
        new(LearningRateName, "Adam learning rate of both networks, betas (0, 0.99); StyleGAN2 uses 0.002.", Defaults.LearningRate, 1e-5, 1e-1),
        new(R1GammaName, "Weight γ of the R1 penalty on real images (0 turns it off). StyleGAN2 uses 10 at 1024x1024 and "
            + "StyleGAN2-ADA 0.01 for CIFAR-10 at 32x32; 0.1 gave the lowest FD in this project's ablation at 32x32.", Defaults.R1Gamma, 0, 1000),
        new(R1IntervalName, "Lazy regularisation: R1 every this many steps, scaled up to match (StyleGAN2: 16; 1 every step).",
            Defaults.R1Interval, 1, 1000, IsInteger: true),
        new(StyleMixingProbabilityName, "Share of training images generated from two w's with a random crossover layer (StyleGAN: 0.9; "
            + "StyleGAN2-ADA's 32x32 configuration: 0, the default).",
            Defaults.StyleMixingProbability, 0, 1),
        new(EmaHalfLifeImagesName, "Half-life, in images, of the generator's weight average used for all inference (StyleGAN2: 10,000; 0: no averaging).",
            Defaults.EmaHalfLifeImages, 0, 10_000_000),
        new(EmaRampUpName, "Ramp-up of the weight average: its half-life is at most this share of the images seen so far, so the average "
            + "does not carry the untrained start along early in a run (StyleGAN2-ADA's 32x32 configuration: 0.05; 0: no ramp-up, "
            + "as StyleGAN2 and runs stored before this setting existed).",
            Defaults.EmaRampUp, 0, 1, WhenNotStored: 0),
        new(WDimName, "Size of z and of w (the paper's 512).", Defaults.WDim, 8, 1024, IsInteger: true),
        new(MappingLayersName, "Fully connected layers of the mapping network z → w (the paper's 8; StyleGAN2-ADA's 32x32 configuration: 2, the default).", Defaults.MappingLayers, 1, 16, IsInteger: true),
        new(ChannelBaseName, "Feature maps at resolution r are channel_base / r, at most max_channels (StyleGAN2: 32768; "
            + "the default is 64x smaller so that training fits a CPU: 64 maps at 4-8 px, 32 at 16 px, 16 at 32 px).", Defaults.ChannelBase, 16, 65536, IsInteger: true),
        new(MaxChannelsName, "Most feature maps at any resolution (StyleGAN2: 512; the default is 8x smaller for a CPU).",
            Defaults.MaxChannels, 1, 1024, IsInteger: true),
        new(MinibatchGroupSizeName, "Images per group of D's minibatch standard deviation (StyleGAN2: 4; StyleGAN2-ADA's 32x32 "
            + "configuration: 32); at most the batch size is used.", Defaults.MinibatchGroupSize, 1, 256, IsInteger: true),
    ];

    public static StyleGanHyperparameters From(Hyperparameters values) => new(
        values.GetInt(StepsName),
        values.GetInt(BatchSizeName),
        values.Get(LearningRateName),
        values.Get(R1GammaName),
        values.GetInt(R1IntervalName),
        values.Get(StyleMixingProbabilityName),
        values.Get(EmaHalfLifeImagesName),
        values.Get(EmaRampUpName),
        values.GetInt(WDimName),
        values.GetInt(MappingLayersName),
        values.GetInt(ChannelBaseName),
        values.GetInt(MaxChannelsName),
        values.GetInt(MinibatchGroupSizeName));

    public StyleGanArchitecture Architecture(ImageShape shape) => new(shape, WDim, MappingLayers, ChannelBase, MaxChannels);
}
