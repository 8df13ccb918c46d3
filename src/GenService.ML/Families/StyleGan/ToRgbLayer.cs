using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.StyleGan;

/// <summary>StyleGAN2's toRGB: a modulated (not demodulated) 1x1 convolution from features to image
/// channels, plus a bias. Every block adds its own to the upsampled image of the block before (the
/// generator's skip architecture).</summary>
public sealed class ToRgbLayer : Module<Tensor, Tensor, Tensor>
{
    private readonly ModulatedConv2d convolution;
    private readonly Parameter bias;

    public ToRgbLayer(int inChannels, int imageChannels, int wDim) : base(nameof(ToRgbLayer))
    {
        convolution = new ModulatedConv2d(inChannels, imageChannels, kernelSize: 1, wDim, demodulate: false);
        bias = Parameter(zeros(imageChannels));
        RegisterComponents();
    }

    /// <param name="features">[N, in, R, R]</param>
    /// <param name="w">[N, W]</param>
    /// <returns>[N, C, R, R], unbounded around [−1, 1].</returns>
    public override Tensor forward(Tensor features, Tensor w) =>
        convolution.forward(features, w) + bias.view(1, -1, 1, 1);

    public void ResetParameters(Generator generator)
    {
        using var noGrad = no_grad();
        convolution.ResetParameters(generator);
        bias.zero_();
    }
}
