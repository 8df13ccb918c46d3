namespace GenService.ML.Families.SocialGan;

/// <summary>
/// Social GAN's settings, typed. The defaults are those of the reference code's training script for the paper's models
/// (github.com/agrimgupta92/sgan, scripts/run_traj.sh: embedding 16, encoder and decoder 32, MLP 64, bottleneck 32, z of 8,
/// one z a scene, no batch normalisation, pooling once after the encoder, Adam 1e-3 for both networks, 2 discriminator
/// steps a generator step, generator gradients clipped at norm 1.5, batch of 32 windows), with k = 20 in the variety loss,
/// the paper's best model (SGAN-20VP-20), and 8 observed and 8 predicted steps.
/// </summary>
/// <param name="Steps">Generator steps; each comes after <see cref="DiscriminatorSteps"/> discriminator steps. Read by the service to schedule the run.</param>
public sealed record SocialGanHyperparameters(
    int ObservedSteps,
    int PredictedSteps,
    int EmbeddingDim,
    int EncoderHidden,
    int DecoderHidden,
    int MlpDim,
    int BottleneckDim,
    int NoiseDim,
    bool Pooling,
    int DiscriminatorHidden,
    int VarietySamples,
    double L2Weight,
    double LearningRate,
    int DiscriminatorSteps,
    double GeneratorClipNorm,
    int BatchSize,
    int Steps)
{
    public const string ObservedStepsName = "obs_len";
    public const string PredictedStepsName = "pred_len";
    public const string EmbeddingDimName = "embedding_dim";
    public const string EncoderHiddenName = "encoder_h_dim";
    public const string DecoderHiddenName = "decoder_h_dim";
    public const string MlpDimName = "mlp_dim";
    public const string BottleneckDimName = "bottleneck_dim";
    public const string NoiseDimName = "noise_dim";
    public const string PoolingName = "pooling";
    public const string DiscriminatorHiddenName = "encoder_h_dim_d";
    public const string VarietySamplesName = "best_k";
    public const string L2WeightName = "l2_loss_weight";
    public const string LearningRateName = "learning_rate";
    public const string DiscriminatorStepsName = "d_steps";
    public const string GeneratorClipNormName = "clipping_threshold_g";
    public const string BatchSizeName = "batch_size";
    public const string StepsName = "steps";

    public const string PoolNet = "pool_net";
    public const string NoPooling = "none";

    public static IReadOnlyList<HyperparameterSpec> Specs { get; } =
    [
        new(ObservedStepsName, "Positions a forecast starts from, 0.4 s apart (the paper: 8, 3.2 s).", 8, 2, 20, IsInteger: true),
        new(PredictedStepsName, "Positions forecast (the paper: 8 or 12, 3.2 or 4.8 s).", 8, 1, 20, IsInteger: true),
        new(EmbeddingDimName, "Size of the linear embedding of a displacement or relative position (reference script: 16).", 16, 2, 256, IsInteger: true),
        new(EncoderHiddenName, "Hidden size of the generator's encoder LSTM (reference script: 32).", 32, 4, 512, IsInteger: true),
        new(DecoderHiddenName, "Hidden size of the decoder LSTM, z included (reference script: 32).", 32, 4, 512, IsInteger: true),
        new(MlpDimName, "Hidden width of the context MLP and the discriminator's classifier (reference script: 64).", 64, 4, 2048, IsInteger: true),
        new(BottleneckDimName, "Size of the pooled vector (reference script: 32).", 32, 2, 1024, IsInteger: true),
        new(NoiseDimName, "Size of z, one drawn per scene and sample (the paper: 8); smaller than decoder_h_dim.", 8, 1, 256, IsInteger: true),
        HyperparameterSpec.Choice(PoolingName,
            "pool_net: the paper's pooling module (relative positions of everyone else through an MLP, max-pooled); none: each person "
            + "forecast from their own past only, the paper's ablation.", [PoolNet, NoPooling], PoolNet),
        new(DiscriminatorHiddenName, "Hidden size of the discriminator's encoder LSTM (reference script: 64).", 64, 4, 512, IsInteger: true),
        new(VarietySamplesName, "k of the variety loss: forecasts drawn per scene, of which only the closest to the truth is penalised (the paper's best model: 20; 1 is a plain L2 loss).", 20, 1, 100, IsInteger: true),
        new(L2WeightName, "Weight of the variety (L2) loss against the adversarial loss (reference script: 1).", 1, 0, 100),
        new(LearningRateName, "Adam's step size for both networks (reference script: 1e-3).", 1e-3, 1e-6, 1e-1),
        new(DiscriminatorStepsName, "Discriminator steps before each generator step, each on its own minibatch (reference script: 2).", 2, 1, 10, IsInteger: true),
        new(GeneratorClipNormName, "The generator's gradients are scaled down to this norm when above it; 0 turns it off (reference script: 1.5).", 1.5, 0, 100),
        new(BatchSizeName, "Windows (scenes of obs_len + pred_len frames) per minibatch (reference script: 32).", 32, 1, 1024, IsInteger: true),
        new(StepsName, "Generator steps in the run.", 2000, 1, 1_000_000, IsInteger: true),
    ];

    public static SocialGanHyperparameters From(Hyperparameters values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(
            values.GetInt(ObservedStepsName),
            values.GetInt(PredictedStepsName),
            values.GetInt(EmbeddingDimName),
            values.GetInt(EncoderHiddenName),
            values.GetInt(DecoderHiddenName),
            values.GetInt(MlpDimName),
            values.GetInt(BottleneckDimName),
            values.GetInt(NoiseDimName),
            values.GetChoice(PoolingName, Specs) == PoolNet,
            values.GetInt(DiscriminatorHiddenName),
            values.GetInt(VarietySamplesName),
            values.Get(L2WeightName),
            values.Get(LearningRateName),
            values.GetInt(DiscriminatorStepsName),
            values.Get(GeneratorClipNormName),
            values.GetInt(BatchSizeName),
            values.GetInt(StepsName));
    }

    public SocialGanArchitecture Architecture => new(
        ObservedSteps, PredictedSteps, EmbeddingDim, EncoderHidden, DecoderHidden, MlpDim, BottleneckDim, NoiseDim, Pooling, DiscriminatorHidden);
}
