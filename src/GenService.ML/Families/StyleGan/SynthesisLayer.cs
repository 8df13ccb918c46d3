using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.StyleGan;

/// <summary>
/// One 3x3 layer of the synthesis network: (upsample,) modulated convolution, per-pixel noise, bias and
/// leaky ReLU. The noise is a single-channel map of N(0, 1) broadcast to every feature map with a learned
/// strength per channel (StyleGAN's per-feature scaling factors, Karras et al. 2019), starting at zero;
/// it lets the network place stochastic detail without spending capacity on generating randomness.
/// </summary>
public sealed class SynthesisLayer : Module<Tensor, Tensor, Tensor, Tensor>
{
    private static readonly double LeakyReluGain = Math.Sqrt(2);

    private readonly ModulatedConv2d convolution;
    private readonly Parameter noiseStrength;
    private readonly Parameter bias;
    private readonly bool upsample;

    public SynthesisLayer(int inChannels, int outChannels, int wDim, int resolution, bool upsample)
        : base(nameof(SynthesisLayer))
    {
        convolution = new ModulatedConv2d(inChannels, outChannels, kernelSize: 3, wDim);
        noiseStrength = Parameter(zeros(outChannels));
        bias = Parameter(zeros(outChannels));
        this.upsample = upsample;
        Resolution = resolution;
        RegisterComponents();
    }

    /// <summary>Width and height of the output and of its noise input.</summary>
    public int Resolution { get; }

    /// <param name="features">[N, in, R, R], or [N, in, R/2, R/2] when the layer upsamples.</param>
    /// <param name="w">[N, W]</param>
    /// <param name="noise">[N, 1, R, R] ~ N(0, 1)</param>
    /// <returns>[N, out, R, R]</returns>
    public override Tensor forward(Tensor features, Tensor w, Tensor noise)
    {
        if (upsample)
            features = Resampling.Upsample(features);                                      // [N, in, R, R]
        features = convolution.forward(features, w);                                       // [N, out, R, R]
        features = features + noise * noiseStrength.view(1, -1, 1, 1);
        return functional.leaky_relu(features + bias.view(1, -1, 1, 1), 0.2) * LeakyReluGain;
    }

    public void ResetParameters(Generator generator)
    {
        using var noGrad = no_grad();
        convolution.ResetParameters(generator);
        noiseStrength.zero_();
        bias.zero_();
    }
}
