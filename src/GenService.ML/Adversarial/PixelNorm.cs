using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Adversarial;

/// <summary>Progressive GAN's pixelwise feature normalisation: each pixel's feature vector is scaled to
/// unit root-mean-square, which stops the generator's and discriminator's magnitudes escalating.</summary>
public sealed class PixelNorm : Module<Tensor, Tensor>
{
    private const double Epsilon = 1e-8;

    public PixelNorm() : base(nameof(PixelNorm))
    {
    }

    /// <param name="features">[N, C, ...]: normalised over C.</param>
    public override Tensor forward(Tensor features) =>
        features * (features.square().mean([1], keepdim: true) + Epsilon).rsqrt();
}
