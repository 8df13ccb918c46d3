using GenService.ML.Adversarial;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Spade;

/// <summary>
/// SPADE's image encoder (Park et al. 2019, section 3.3 and appendix A): stride-2 3x3 convolutions with spectral and
/// instance normalisation down to a 4x4 map, then two linear layers giving the mean μ and log-variance of a Gaussian
/// over style codes z. Trained as a VAE's encoder (with a KL term), so at inference a style image's code steers the
/// output, and without one z ~ N(0, I) draws a plausible style.
/// </summary>
public sealed class StyleEncoder : Module<Tensor, (Tensor Mean, Tensor LogVariance)>
{
    private const double NegativeSlope = 0.2;

    private readonly ModuleList<SpectralNormConv2d> convolutions;
    private readonly ModuleList<InstanceNorm2d> normalisations;
    private readonly Linear mean;
    private readonly Linear logVariance;

    public StyleEncoder(SpadeArchitecture architecture) : base(nameof(StyleEncoder))
    {
        var layers = architecture.EncoderLayers;
        convolutions = new ModuleList<SpectralNormConv2d>([.. Enumerable.Range(0, layers).Select(layer => new SpectralNormConv2d(
            layer == 0 ? architecture.Shape.Channels : architecture.EncoderChannels(layer - 1), architecture.EncoderChannels(layer),
            kernelSize: 3, stride: 2, padding: 1, bias: false))]);
        normalisations = new ModuleList<InstanceNorm2d>([.. Enumerable.Range(0, layers)
            .Select(layer => InstanceNorm2d(architecture.EncoderChannels(layer), affine: false))]);
        var flattened = architecture.EncoderChannels(layers - 1) * 4 * 4;
        mean = Linear(flattened, architecture.LatentDimension);
        logVariance = Linear(flattened, architecture.LatentDimension);
        RegisterComponents();
    }

    /// <param name="images">[N, C, S, S] in [−1, 1]</param>
    /// <returns>μ and log σ², each [N, Z].</returns>
    public override (Tensor Mean, Tensor LogVariance) forward(Tensor images)
    {
        var features = images;
        for (var layer = 0; layer < convolutions.Count; layer++)
            features = functional.leaky_relu(normalisations[layer].forward(convolutions[layer].forward(features)), NegativeSlope);
        features = features.flatten(1);                                         // [N, ch · 4 · 4]
        return (mean.forward(features), logVariance.forward(features));
    }

    /// <summary>z = μ + σ ⊙ ε, the reparameterisation that lets gradients reach the encoder through a draw.</summary>
    /// <param name="noise">ε ~ N(0, I), [N, Z].</param>
    public static Tensor Reparameterise(Tensor mean, Tensor logVariance, Tensor noise) => mean + (logVariance * 0.5).exp() * noise;
}
