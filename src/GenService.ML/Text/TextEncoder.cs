using GenService.ML.Families;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Text;

/// <summary>
/// Encodes tokenized prompts (<see cref="CaptionVocabulary"/> indices) into one embedding each: token embeddings, a
/// GRU over them, and the average of its hidden states over the prompt's own tokens, as Reed et al. 2016's
/// char-CNN-RNN averages its hidden activations over time, projected to the text embedding. The GRU runs forward
/// only and padding is left out of the average, so a prompt encodes the same alone or in a batch of longer ones.
/// </summary>
public sealed class TextEncoder : Module<Tensor, Tensor>
{
    private readonly Embedding tokens;
    private readonly GRU recurrent;
    private readonly Linear project;
    private readonly int hiddenDim;

    /// <param name="vocabularySize">Rows of the token table, <see cref="CaptionVocabulary.Count"/>.</param>
    /// <param name="tokenDim">Width of a token embedding; ours, ample for a few hundred tokens.</param>
    /// <param name="hiddenDim">Width of the GRU's state; ours.</param>
    /// <param name="embeddingDim">Width of the text embedding: Reed et al. 2016's 1024, which StackGAN also takes in.</param>
    public TextEncoder(int vocabularySize, int tokenDim = 256, int hiddenDim = 512, int embeddingDim = 1024) : base(nameof(TextEncoder))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabularySize, CaptionVocabulary.UnknownIndex + 1);
        tokens = Embedding(vocabularySize, tokenDim, padding_idx: CaptionVocabulary.PaddingIndex);
        recurrent = GRU(tokenDim, hiddenDim, batchFirst: true);
        project = Linear(hiddenDim, embeddingDim);
        this.hiddenDim = hiddenDim;
        EmbeddingDim = embeddingDim;
        RegisterComponents();
    }

    public int EmbeddingDim { get; }

    /// <summary>PyTorch's default initialisation (token table N(0, 1) with the padding row zero, GRU weights and biases
    /// U(±1/√hidden), the projection as <see cref="DefaultInitialisation"/>), drawn from <paramref name="random"/> so a
    /// run is reproducible from its seed and never touches the global RNG that concurrent runs share.</summary>
    public void Initialise(Generator random)
    {
        DefaultInitialisation.Apply(this, random);
        using var noGrad = no_grad();
        tokens.weight!.normal_(0, 1, random);
        tokens.weight[CaptionVocabulary.PaddingIndex].zero_();
        var bound = 1.0 / Math.Sqrt(hiddenDim);
        foreach (var parameter in recurrent.parameters())
            parameter.uniform_(-bound, bound, random);
    }

    /// <param name="indices">int64 [N, L]: each prompt's token indices, padded at the end with <see cref="CaptionVocabulary.PaddingIndex"/>.</param>
    /// <returns>[N, EmbeddingDim]</returns>
    public override Tensor forward(Tensor indices)
    {
        using var scope = NewDisposeScope();
        var mask = indices.ne(CaptionVocabulary.PaddingIndex).unsqueeze(-1).to_type(ScalarType.Float32);  // [N, L, 1]
        var (states, _) = recurrent.forward(tokens.forward(indices));                                    // [N, L, hidden]
        var average = (states * mask).sum(1) / mask.sum(1).clamp_min(1);                                // [N, hidden]
        return project.forward(average).MoveToOuterDisposeScope();                                       // [N, embedding]
    }
}
