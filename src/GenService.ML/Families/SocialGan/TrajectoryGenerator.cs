using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.SocialGan;

/// <summary>
/// Social GAN's generator: the encoder sums up each person's observed displacements, the pooling module adds what the others
/// are doing and where they are, an MLP turns both into the decoder's initial hidden state with z appended (one z a scene,
/// the reference code's "global" noise), and the decoder LSTM rolls out one displacement a step, each fed back in.
/// </summary>
public sealed class TrajectoryGenerator : Module<Tensor, SceneRanges, Tensor, Tensor>
{
    private readonly TrajectoryEncoder encoder;
    private readonly PoolingModule? pool_net;
    private readonly Sequential mlp_decoder_context;
    private readonly LSTM decoder;
    private readonly Linear decoder_embedding;
    private readonly Linear hidden2pos;

    public TrajectoryGenerator(SocialGanArchitecture architecture) : base(nameof(TrajectoryGenerator))
    {
        ArgumentNullException.ThrowIfNull(architecture);
        Architecture = architecture;
        encoder = new TrajectoryEncoder(architecture.EmbeddingDim, architecture.EncoderHidden);
        if (architecture.Pooling)
            pool_net = new PoolingModule(architecture.EmbeddingDim, architecture.EncoderHidden, architecture.BottleneckDim);
        var contextSize = architecture.EncoderHidden + (architecture.Pooling ? architecture.BottleneckDim : 0);
        mlp_decoder_context = Sequential(
            Linear(contextSize, architecture.MlpDim), ReLU(),
            Linear(architecture.MlpDim, architecture.DecoderHidden - architecture.NoiseDim), ReLU());
        decoder = LSTM(architecture.EmbeddingDim, architecture.DecoderHidden);
        decoder_embedding = Linear(2, architecture.EmbeddingDim);
        hidden2pos = Linear(architecture.DecoderHidden, 2);
        RegisterComponents();
    }

    public SocialGanArchitecture Architecture { get; }

    /// <summary>Each step's move from the one before; the first step's is zero, as in the reference code.</summary>
    /// <param name="positions">[T, N, 2].</param>
    /// <returns>[T, N, 2].</returns>
    public static Tensor Displacements(Tensor positions) =>
        cat([zeros_like(positions[..1]), positions[1..] - positions[..^1]], 0);

    /// <summary>The decoder's initial state before z: what the encoder and the pooling module make of the observed past.
    /// It does not depend on z, so the k samples of the variety loss share it.</summary>
    /// <param name="observed">[obs, N, 2] positions in metres.</param>
    /// <returns>[N, decoder hidden − noise].</returns>
    public Tensor Context(Tensor observed, SceneRanges scenes)
    {
        var hidden = encoder.forward(Displacements(observed));
        var context = pool_net is null ? hidden : cat([hidden, pool_net.forward(hidden, observed[-1], scenes)], 1);
        return mlp_decoder_context.forward(context);
    }

    /// <param name="observed">[obs, N, 2] positions in metres.</param>
    /// <param name="noise">[scenes, noise]: each scene's z.</param>
    /// <returns>[pred, N, 2]: the forecast displacements.</returns>
    public override Tensor forward(Tensor observed, SceneRanges scenes, Tensor noise) =>
        Decode(Context(observed, scenes), observed, scenes, noise);

    /// <param name="context">[N, decoder hidden − noise] from <see cref="Context"/>.</param>
    /// <param name="observed">[obs, N, 2].</param>
    /// <param name="noise">[scenes, noise].</param>
    /// <returns>[pred, N, 2] displacements.</returns>
    public Tensor Decode(Tensor context, Tensor observed, SceneRanges scenes, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(scenes);
        var z = noise.index_select(0, scenes.SceneOfPerson(noise.device));
        var hidden = cat([context, z], 1).unsqueeze(0);
        var cell = zeros_like(hidden);
        var last = observed[-1] - observed[-2];
        var steps = new List<Tensor>();
        for (var step = 0; step < Architecture.PredictedSteps; step++)
        {
            var (output, h, c) = decoder.forward(decoder_embedding.forward(last).unsqueeze(0), (hidden, cell));
            (hidden, cell) = (h, c);
            last = hidden2pos.forward(output[0]);
            steps.Add(last);
        }
        return stack(steps, 0);
    }
}
