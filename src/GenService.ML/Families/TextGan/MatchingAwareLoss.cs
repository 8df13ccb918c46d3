using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace GenService.ML.Families.TextGan;

/// <summary>D's view of one step's three kinds of pair, as mean probabilities, and its loss.</summary>
public sealed record MatchingAwareTerms(Tensor Loss, double Real, double Wrong, double Fake);

/// <summary>
/// GAN-CLS's matching-aware objective (Reed et al. 2016, Algorithm 1): D scores real images with their text (s_r),
/// real images with another image's text (s_w) and generated images with their text (s_f), and learns
/// log s_r + (log(1 − s_w) + log(1 − s_f)) / 2, so it judges whether image and text match as well as whether the
/// image looks real. G is trained with the non-saturating log s_f.
/// </summary>
public static class MatchingAwareLoss
{
    /// <param name="real">[N] D's logits of real images with their own text.</param>
    /// <param name="wrong">[N] of real images with mismatched text.</param>
    /// <param name="fake">[N] of generated images with the text they were drawn from.</param>
    public static MatchingAwareTerms Discriminator(Tensor real, Tensor wrong, Tensor fake)
    {
        var loss = binary_cross_entropy_with_logits(real, ones_like(real))
                   + ((binary_cross_entropy_with_logits(wrong, zeros_like(wrong)) + binary_cross_entropy_with_logits(fake, zeros_like(fake))) * 0.5);
        return new MatchingAwareTerms(loss, MeanProbability(real), MeanProbability(wrong), MeanProbability(fake));
    }

    /// <param name="fake">[N] D's logits of generated images with their text.</param>
    /// <returns>A scalar: −log D(G(z, c), t), averaged.</returns>
    public static Tensor Generator(Tensor fake) => binary_cross_entropy_with_logits(fake, ones_like(fake));

    private static double MeanProbability(Tensor logits)
    {
        using var probability = logits.detach().sigmoid().mean();
        return probability.item<float>();
    }
}
