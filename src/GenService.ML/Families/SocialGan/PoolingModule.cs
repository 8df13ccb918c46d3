using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.SocialGan;

/// <summary>
/// Social GAN's pooling module: for each person i, every person j of the same scene (i too) contributes an MLP of the
/// embedded relative position p_j − p_i and j's hidden state, and i gets the element-wise maximum of those: one vector
/// that does not depend on how many people there are or in which order they come.
/// </summary>
/// <remarks>Scenes are padded to the largest in the batch so that all of them go through the MLP at once; the padding is
/// left out of the maximum.</remarks>
public sealed class PoolingModule : Module<Tensor, Tensor, SceneRanges, Tensor>
{
    private readonly Linear spatial_embedding;
    private readonly Sequential mlp_pre_pool;

    public PoolingModule(int embeddingDim, int hiddenSize, int bottleneckDim) : base(nameof(PoolingModule))
    {
        spatial_embedding = Linear(2, embeddingDim);
        mlp_pre_pool = Sequential(
            Linear(embeddingDim + hiddenSize, SocialGanArchitecture.PoolingMlpDim), ReLU(),
            Linear(SocialGanArchitecture.PoolingMlpDim, bottleneckDim), ReLU());
        RegisterComponents();
    }

    /// <param name="hidden">[N, hidden]: each person's state.</param>
    /// <param name="positions">[N, 2]: where each person is, in metres.</param>
    /// <param name="scenes">Which rows are one scene; people only pool over their own scene.</param>
    /// <returns>[N, bottleneck].</returns>
    public override Tensor forward(Tensor hidden, Tensor positions, SceneRanges scenes)
    {
        using var scope = NewDisposeScope();
        var (padded, valid, unpadded) = scenes.Padding(hidden.device);
        var (count, width) = (scenes.Count, scenes.Largest);
        var h = hidden.index_select(0, padded).view(count, width, -1);                // [S, n, hidden]
        var p = positions.index_select(0, padded).view(count, width, 2);             // [S, n, 2]
        var relative = p.unsqueeze(1) - p.unsqueeze(2);                              // [S, i, j, 2]: p_j − p_i
        var others = h.unsqueeze(1).expand(count, width, width, h.shape[2]);         // [S, i, j, hidden]: h_j
        var pairs = mlp_pre_pool.forward(cat([spatial_embedding.forward(relative), others], 3));
        var masked = pairs.masked_fill(valid.logical_not().view(count, 1, width, 1), float.NegativeInfinity);
        return masked.amax([2]).view(count * width, -1).index_select(0, unpadded).MoveToOuterDisposeScope();
    }
}
