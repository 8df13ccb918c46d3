using GenService.ML.Adversarial;
using static TorchSharp.torch;

namespace GenService.ML.Families.Spade;

/// <summary>What one discriminator step computed.</summary>
/// <param name="Loss">The hinge loss, averaged over the scales.</param>
/// <param name="RealScores">The finest scale's patch scores of the real images, detached.</param>
/// <param name="FakeScores">The same of the generated images.</param>
public sealed record SpadeDiscriminatorTerms(Tensor Loss, Tensor RealScores, Tensor FakeScores);

/// <summary>What one generator step computed.</summary>
/// <param name="Loss">Adversarial + λ_FM · feature matching + λ_KL · KL: what the generator and encoder minimise.</param>
/// <param name="Adversarial">−E D(G(z, m)), averaged over the scales.</param>
/// <param name="FeatureMatching">The unweighted feature-matching L1.</param>
/// <param name="Kl">The unweighted KL divergence of the encoder's Gaussians from N(0, I).</param>
public sealed record SpadeGeneratorTerms(Tensor Loss, Tensor Adversarial, Tensor FeatureMatching, Tensor Kl);

/// <summary>
/// SPADE's objective as the reference implementation computes it (Park et al. 2019, appendix A): hinge loss on each
/// scale's patch scores, averaged over scales; for the generator, feature matching (pix2pixHD's: L1 between the
/// discriminators' intermediate features of generated and real images, over layers and averaged over scales) and the
/// encoder's KL divergence, summed over codes and the batch as the reference sums it.
/// </summary>
/// <param name="featureMatchingWeight">The paper's 10.</param>
/// <param name="klWeight">The paper's 0.05.</param>
public sealed class SpadeLoss(double featureMatchingWeight = SpadeLoss.PaperFeatureMatchingWeight, double klWeight = SpadeLoss.PaperKlWeight)
{
    public const double PaperFeatureMatchingWeight = 10;
    public const double PaperKlWeight = 0.05;

    /// <param name="real">D's outputs on the real images (<see cref="MultiscaleDiscriminator"/>).</param>
    /// <param name="fake">D's outputs on detached generated images.</param>
    public static SpadeDiscriminatorTerms Discriminator(IReadOnlyList<IReadOnlyList<Tensor>> real, IReadOnlyList<IReadOnlyList<Tensor>> fake)
    {
        var loss = real.Zip(fake, (r, f) => HingeLoss.Discriminator(r[^1], f[^1])).Aggregate((a, b) => a + b) / real.Count;
        return new SpadeDiscriminatorTerms(loss, real[0][^1].detach(), fake[0][^1].detach());
    }

    /// <param name="real">D's outputs on the real images; only their features are compared, never trained towards.</param>
    /// <param name="fake">D's outputs on the generated images, attached to G's graph.</param>
    /// <param name="mean">The encoder's μ, [N, Z].</param>
    /// <param name="logVariance">The encoder's log σ², [N, Z].</param>
    public SpadeGeneratorTerms Generator(IReadOnlyList<IReadOnlyList<Tensor>> real, IReadOnlyList<IReadOnlyList<Tensor>> fake, Tensor mean, Tensor logVariance)
    {
        var adversarial = fake.Select(f => HingeLoss.Generator(f[^1])).Aggregate((a, b) => a + b) / fake.Count;
        var featureMatching = real.Zip(fake, (r, f) => r.Zip(f).SkipLast(1)
                .Select(layer => (layer.Second - layer.First.detach()).abs().mean()).Aggregate((a, b) => a + b))
            .Aggregate((a, b) => a + b) / real.Count;
        var kl = KlDivergence(mean, logVariance);
        return new SpadeGeneratorTerms(adversarial + featureMatchingWeight * featureMatching + klWeight * kl, adversarial, featureMatching, kl);
    }

    /// <summary>KL(N(μ, σ²) ‖ N(0, I)) = −½ Σ (1 + log σ² − μ² − σ²), summed over codes and images.</summary>
    public static Tensor KlDivergence(Tensor mean, Tensor logVariance) =>
        -0.5 * (1 + logVariance - mean.pow(2) - logVariance.exp()).sum();
}
