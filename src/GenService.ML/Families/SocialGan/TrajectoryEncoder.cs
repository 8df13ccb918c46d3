using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.SocialGan;

/// <summary>Embeds each step's displacement linearly and runs an LSTM over them: the final hidden state sums up a person's motion.</summary>
public sealed class TrajectoryEncoder : Module<Tensor, Tensor>
{
    private readonly Linear spatial_embedding;
    private readonly LSTM encoder;

    public TrajectoryEncoder(int embeddingDim, int hiddenSize) : base(nameof(TrajectoryEncoder))
    {
        spatial_embedding = Linear(2, embeddingDim);
        encoder = LSTM(embeddingDim, hiddenSize);
        RegisterComponents();
    }

    /// <param name="displacements">[T, N, 2]: each person's moves from the step before.</param>
    /// <returns>[N, hidden]: the final hidden state, the LSTM starting from zeros.</returns>
    public override Tensor forward(Tensor displacements)
    {
        var (_, hidden, _) = encoder.forward(spatial_embedding.forward(displacements));
        return hidden[0];
    }
}
