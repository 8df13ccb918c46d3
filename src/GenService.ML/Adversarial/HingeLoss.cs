using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace GenService.ML.Adversarial;

/// <summary>
/// The hinge GAN loss (Lim and Ye 2017; Miyato et al. 2018), as SPADE trains with it: D is only pushed until
/// its real scores pass +1 and its fake ones −1, so a confident D stops sharpening; G raises D's scores of its images.
/// </summary>
public static class HingeLoss
{
    /// <param name="realScores">Scores of training images, any shape.</param>
    /// <param name="fakeScores">Scores of generated images, any shape.</param>
    /// <returns>E max(0, 1 − D(x)) + E max(0, 1 + D(G(z))).</returns>
    public static Tensor Discriminator(Tensor realScores, Tensor fakeScores) =>
        relu(1 - realScores).mean() + relu(1 + fakeScores).mean();

    /// <returns>−E D(G(z)).</returns>
    public static Tensor Generator(Tensor fakeScores) => -fakeScores.mean();
}
