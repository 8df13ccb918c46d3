using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Pix2Pix;

/// <summary>A PatchGAN layer, the paper's Ck: 4x4 convolution (stride 2, or 1 for the last), batch norm,
/// LeakyReLU with slope 0.2.</summary>
/// <param name="normalise">False for the first layer (the paper: no batch norm on the first C64).</param>
public sealed class PatchGanBlock : Module<Tensor, Tensor>
{
    private const double NegativeSlope = 0.2;

    private readonly Conv2d convolution;
    private readonly Module<Tensor, Tensor> normalisation;
    private readonly LeakyReLU activation;

    public PatchGanBlock(int inChannels, int outChannels, int stride, bool normalise) : base(nameof(PatchGanBlock))
    {
        convolution = Conv2d(inChannels, outChannels, kernel_size: 4, stride: stride, padding: 1, bias: !normalise);
        normalisation = normalise ? BatchNorm2d(outChannels) : Identity();
        activation = LeakyReLU(NegativeSlope);
        RegisterComponents();
    }

    /// <param name="features">[N, in, S, S]</param>
    /// <returns>[N, out, S/2, S/2] (stride 2) or [N, out, S − 1, S − 1] (stride 1)</returns>
    public override Tensor forward(Tensor features) =>
        activation.forward(normalisation.forward(convolution.forward(features)));
}
