using static TorchSharp.torch;

namespace GenService.ML.Families.TextGan;

/// <summary>
/// Reed et al. 2016's joint embedding objective for the text encoder ("Learning deep representations of fine-grained
/// visual descriptions", DS-SJE), over a minibatch: the compatibility of image i and text j is the inner product of
/// their embeddings, and each image's own text must beat every other image's text by a margin of 1, and each text's own
/// image every other image (the symmetric structured hinge, its max over the mismatches). Pairs of one class are not
/// counted as mismatches, as the paper's loss runs over classes.
/// </summary>
public static class JointEmbeddingLoss
{
    private const double Margin = 1;

    /// <param name="images">[N, D] image embeddings.</param>
    /// <param name="texts">[N, D] the embeddings of their texts, in the same order.</param>
    /// <param name="labels">[N] int64 class labels, or null when the images have none (every other pair is a mismatch).</param>
    /// <returns>A scalar.</returns>
    public static Tensor Loss(Tensor images, Tensor texts, Tensor? labels)
    {
        using var scope = NewDisposeScope();
        var scores = images.matmul(texts.t());                                       // [N, N]: image i, text j
        var own = scores.diagonal();                                                 // [N]
        var count = scores.shape[0];
        var mismatched = labels is null
            ? eye(count, dtype: ScalarType.Bool, device: scores.device).logical_not()
            : labels.unsqueeze(1).ne(labels.unsqueeze(0));                          // [N, N]
        var imageHinge = (scores - own.unsqueeze(1) + Margin).masked_fill(mismatched.logical_not(), 0).relu().amax(1);
        var textHinge = (scores - own.unsqueeze(0) + Margin).masked_fill(mismatched.logical_not(), 0).relu().amax(0);
        return (imageHinge.mean() + textHinge.mean()).MoveToOuterDisposeScope();
    }

    /// <summary>The share of texts whose own image scores highest among the batch's images (retrieval top-1).</summary>
    public static double TextToImageAccuracy(Tensor images, Tensor texts)
    {
        using var scope = NewDisposeScope();
        var best = texts.matmul(images.t()).argmax(1);
        return best.eq(arange(best.shape[0], device: best.device)).to_type(ScalarType.Float32).mean().item<float>();
    }
}
