using GenService.ML.Adversarial;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.SuperResolution;

/// <summary>What one generator step of SRGAN minimises and its parts.</summary>
/// <param name="Loss">l_X + weight · l_Gen, the perceptual loss of eq. 3.</param>
/// <param name="Content">l_X before weighting.</param>
/// <param name="Adversarial">l_Gen = −E log D(G(I_LR)) before weighting.</param>
public sealed record GeneratorTerms(Tensor Loss, Tensor Content, Tensor Adversarial);

/// <summary>
/// SRGAN's objective (Ledig et al. 2017, eq. 3 and 6): D is trained on the standard GAN loss; G minimises a
/// content loss plus 10⁻³ times the non-saturating adversarial loss −log D(G(I_LR)), "for better gradient
/// behaviour" as the paper says. The adversarial terms are the shared <see cref="GanLoss"/>'s.
/// </summary>
/// <param name="content">Owned: disposed with this loss.</param>
/// <param name="adversarialWeight">The weight of l_Gen (the paper's 10⁻³).</param>
public sealed class SrganLoss(IContentLoss content, double adversarialWeight = SrganLoss.PaperAdversarialWeight) : IDisposable
{
    public const double PaperAdversarialWeight = 1e-3;

    private readonly GanLoss adversarial = new(AdversarialObjective.NonSaturating);

    /// <param name="discriminator">Maps crops [N, C, S, S] to logits [N].</param>
    /// <param name="real">[N, C, S, S] high-resolution crops.</param>
    /// <param name="superResolved">[N, C, S, S] G's output; detached here, so D's loss never trains G.</param>
    public DiscriminatorTerms Discriminator(Func<Tensor, Tensor> discriminator, Tensor real, Tensor superResolved, Generator random) =>
        adversarial.Discriminator(discriminator, real, superResolved, random);

    /// <param name="discriminator">Maps crops [N, C, S, S] to logits [N].</param>
    /// <param name="superResolved">[N, C, S, S] G's output, attached to its graph.</param>
    /// <param name="highResolution">[N, C, S, S] the originals.</param>
    public GeneratorTerms Generator(Func<Tensor, Tensor> discriminator, Tensor superResolved, Tensor highResolution)
    {
        var contentLoss = content.Loss(superResolved, highResolution);
        var adversarialLoss = adversarial.Generator(discriminator, superResolved);
        return new GeneratorTerms(contentLoss + adversarialWeight * adversarialLoss, contentLoss, adversarialLoss);
    }

    public void Dispose() => content.Dispose();
}
