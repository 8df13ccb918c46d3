using GenService.ML.Adversarial;
using static TorchSharp.torch;

namespace GenService.ML.Families.Pix2Pix;

/// <summary>What one generator step computed.</summary>
/// <param name="Loss">L_cGAN + λ·L1, what G minimises.</param>
/// <param name="Adversarial">−E log D(x, G(x)), the non-saturating cGAN term.</param>
/// <param name="L1">E‖y − G(x)‖₁ per pixel, before weighting, on images in [−1, 1].</param>
public sealed record GeneratorTerms(Tensor Loss, Tensor Adversarial, Tensor L1);

/// <summary>
/// pix2pix's objective (Isola et al. 2017, eq. 4): G* = arg min_G max_D L_cGAN(G, D) + λ L_L1(G), the
/// cGAN loss being the classic one on D's patch logits (the reference's "vanilla" GANLoss: binary cross
/// entropy with logits against all-ones or all-zeros maps), non-saturating for G. D's loss is halved
/// "to slow down the rate at which D learns relative to G" (the paper, section 3.3).
/// </summary>
/// <param name="l1Weight">λ; the paper's 100.</param>
public sealed class Pix2PixLoss(double l1Weight = Pix2PixLoss.PaperL1Weight)
{
    public const double PaperL1Weight = 100;

    private const AdversarialObjective Objective = AdversarialObjective.NonSaturating;

    /// <param name="inputs">[N, Ca, S, S] the conditions x.</param>
    /// <param name="targets">[N, Cb, S, S] the real outputs y.</param>
    /// <param name="outputs">[N, Cb, S, S] G(x); detached here, so D's loss never trains G.</param>
    public DiscriminatorTerms Discriminator(PatchGanDiscriminator discriminator, Tensor inputs, Tensor targets, Tensor outputs)
    {
        var realScores = discriminator.forward(inputs, targets);
        var fakeScores = discriminator.forward(inputs, outputs.detach());
        var loss = 0.5 * AdversarialLosses.Discriminator(Objective, realScores, fakeScores);
        return new DiscriminatorTerms(Objective, loss, realScores, fakeScores, GradientPenalty: null, Drift: null);
    }

    /// <param name="outputs">[N, Cb, S, S] G(x), still attached to G's graph.</param>
    public GeneratorTerms Generator(PatchGanDiscriminator discriminator, Tensor inputs, Tensor targets, Tensor outputs)
    {
        var adversarial = AdversarialLosses.Generator(Objective, discriminator.forward(inputs, outputs));
        var l1 = (outputs - targets).abs().mean();
        return new GeneratorTerms(adversarial + l1Weight * l1, adversarial, l1);
    }
}
