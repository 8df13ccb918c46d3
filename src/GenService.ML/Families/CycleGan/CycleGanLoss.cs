using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace GenService.ML.Families.CycleGan;

/// <summary>The four translations of one generator step, all still attached to both generators' graphs.</summary>
/// <param name="FakeB">G_AB(a): [N, C, S, S]</param>
/// <param name="ReconstructedA">G_BA(G_AB(a))</param>
/// <param name="FakeA">G_BA(b)</param>
/// <param name="ReconstructedB">G_AB(G_BA(b))</param>
public sealed record CycleTranslations(Tensor FakeB, Tensor ReconstructedA, Tensor FakeA, Tensor ReconstructedB);

/// <summary>What one generator step computed.</summary>
/// <param name="Loss">Both adversarial terms + λ·(both cycle terms) + λ_identity·λ·(both identity terms): what G_AB and G_BA minimise.</param>
/// <param name="Adversarial">(D_B(G_AB(a)) − 1)² + (D_A(G_BA(b)) − 1)², averaged over patches.</param>
/// <param name="Cycle">‖G_BA(G_AB(a)) − a‖₁ + ‖G_AB(G_BA(b)) − b‖₁ per pixel, before weighting.</param>
/// <param name="Identity">‖G_AB(b) − b‖₁ + ‖G_BA(a) − a‖₁ per pixel, before weighting; zero when its weight is.</param>
public sealed record CycleGeneratorTerms(Tensor Loss, Tensor Adversarial, Tensor Cycle, Tensor Identity);

/// <summary>
/// CycleGAN's objective (Zhu et al. 2017, eq. 3 with section 4's choices): least-squares GAN losses (Mao et al. 2017)
/// for both mappings, D minimising ½[(D(y) − 1)² + D(G(x))²] (halved "to slow down the rate at which D learns relative
/// to G") and G minimising (D(G(x)) − 1)²; plus λ times the cycle-consistency L1 in both directions, plus the identity
/// loss (section 5.2, photo generation from paintings), weighted λ_identity·λ, which keeps a mapping from changing an
/// image already in its target domain and so preserves colour composition.
/// </summary>
/// <param name="cycleWeight">λ; the paper's 10.</param>
/// <param name="identityWeight">λ_identity, relative to λ; the reference implementation's 0.5.</param>
public sealed class CycleGanLoss(double cycleWeight = CycleGanLoss.PaperCycleWeight, double identityWeight = CycleGanLoss.PaperIdentityWeight)
{
    public const double PaperCycleWeight = 10;
    public const double PaperIdentityWeight = 0.5;

    /// <param name="real">[N, C, S, S] images of the discriminator's domain.</param>
    /// <param name="fake">[N, C, S, S] translations into its domain (from the image pool); detached here.</param>
    public Tensor Discriminator(CycleGanDiscriminator discriminator, Tensor real, Tensor fake)
    {
        var realScores = discriminator.forward(real);
        var fakeScores = discriminator.forward(fake.detach());
        return 0.5 * (mse_loss(realScores, ones_like(realScores)) + mse_loss(fakeScores, zeros_like(fakeScores)));
    }

    /// <param name="realA">[N, C, S, S] images of domain A.</param>
    /// <param name="realB">[N, C, S, S] images of domain B.</param>
    public CycleGeneratorTerms Generator(
        ResnetGenerator aToB, ResnetGenerator bToA, CycleGanDiscriminator discriminatorA, CycleGanDiscriminator discriminatorB,
        Tensor realA, Tensor realB, CycleTranslations translations)
    {
        var scoresB = discriminatorB.forward(translations.FakeB);
        var scoresA = discriminatorA.forward(translations.FakeA);
        var adversarial = mse_loss(scoresB, ones_like(scoresB)) + mse_loss(scoresA, ones_like(scoresA));
        var cycle = l1_loss(translations.ReconstructedA, realA) + l1_loss(translations.ReconstructedB, realB);
        // G_AB given an image of B should return it unchanged, and G_BA given one of A.
        var identity = identityWeight > 0
            ? l1_loss(aToB.forward(realB), realB) + l1_loss(bToA.forward(realA), realA)
            : zeros([], device: realA.device);
        var loss = adversarial + cycleWeight * cycle + identityWeight * cycleWeight * identity;
        return new CycleGeneratorTerms(loss, adversarial, cycle, identity);
    }

    /// <summary>Both mappings of both minibatches and their round trips.</summary>
    public static CycleTranslations Translate(ResnetGenerator aToB, ResnetGenerator bToA, Tensor realA, Tensor realB)
    {
        var fakeB = aToB.forward(realA);
        var fakeA = bToA.forward(realB);
        return new CycleTranslations(fakeB, bToA.forward(fakeB), fakeA, aToB.forward(fakeA));
    }
}
