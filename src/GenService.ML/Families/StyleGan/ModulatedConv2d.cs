using GenService.ML.Adversarial;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.StyleGan;

/// <summary>
/// StyleGAN2's modulated convolution (Karras et al. 2020, section 2.2), our choice of style modulation over
/// StyleGAN's AdaIN: a style s = A(w) scales the weights per input channel, w'_oik = s_i·w_oik, and
/// demodulation rescales each output channel by 1/√(Σ_ik w'_oik² + ε), so an input of unit standard
/// deviation gives an output of unit standard deviation. This does what AdaIN did (the style sets the
/// feature statistics) from the expected statistics instead of the actual ones, so it normalises nothing in
/// the data and the "water droplet" artefacts AdaIN caused do not appear.
/// </summary>
/// <remarks>
/// Scaling the weights of sample n by s_n equals scaling its input channels by s_n, and demodulating equals
/// scaling its output channels, so we run one ordinary convolution with the shared weights for the whole
/// batch between two per-sample scalings (the paper's implementation does the same in training); the
/// grouped convolution with per-sample weights computes the same and is much slower on a CPU.
/// </remarks>
public sealed class ModulatedConv2d : Module<Tensor, Tensor, Tensor>
{
    private const double Epsilon = 1e-8;

    private readonly Parameter weight;
    private readonly EqualizedLinear affine;
    private readonly bool demodulate;
    private readonly double weightScale;
    private readonly long padding;

    /// <param name="demodulate">False for toRGB layers, whose output is an image, not features to normalise.</param>
    public ModulatedConv2d(int inChannels, int outChannels, int kernelSize, int wDim, bool demodulate = true)
        : base(nameof(ModulatedConv2d))
    {
        weight = Parameter(empty(outChannels, inChannels, kernelSize, kernelSize));
        // The affine layer A starts at bias 1, so every style starts as the identity scaling.
        affine = new EqualizedLinear(wDim, inChannels, gain: 1, biasInitialValue: 1);
        this.demodulate = demodulate;
        // Demodulation cancels any weight scale; without it the equalised learning rate's 1/√fan_in applies.
        weightScale = demodulate ? 1 : 1 / Math.Sqrt(inChannels * kernelSize * kernelSize);
        padding = kernelSize / 2;
        RegisterComponents();
    }

    /// <param name="features">[N, in, H, W]</param>
    /// <param name="w">[N, W]: this layer's style vector.</param>
    /// <returns>[N, out, H, W]</returns>
    public override Tensor forward(Tensor features, Tensor w)
    {
        var styles = affine.forward(w) * weightScale;                                     // [N, in]
        var modulated = features * styles.unsqueeze(-1).unsqueeze(-1);                   // [N, in, H, W]
        var output = functional.conv2d(modulated, weight, padding: [padding, padding]);   // [N, out, H, W]
        if (!demodulate)
            return output;
        // Σ_ik (s_i·w_oik)² = Σ_i s_i² · Σ_k w_oik², one [N, in] x [in, out] product.
        var energy = styles.square().matmul(weight.square().sum([2, 3]).t());             // [N, out]
        return output * (energy + Epsilon).rsqrt().unsqueeze(-1).unsqueeze(-1);
    }

    /// <summary>Weights N(0, 1) (equalised learning rate), the affine layer at the identity style.</summary>
    public void ResetParameters(Generator generator)
    {
        using var noGrad = no_grad();
        weight.normal_(0, 1, generator);
        affine.ResetParameters(generator);
    }
}
