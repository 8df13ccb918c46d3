using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Pix2Pix;

/// <summary>An encoder block of the U-Net, the paper's Ck: 4x4 stride-2 convolution, batch norm, LeakyReLU
/// with slope 0.2. Halves the resolution.</summary>
/// <param name="normalise">False for the first block (the paper: no batch norm on the first C64) and the
/// 1x1 bottleneck (the reference implementation: with a batch of one it would zero every feature).</param>
public sealed class UnetDownBlock : Module<Tensor, Tensor>
{
    private const double NegativeSlope = 0.2;

    private readonly Conv2d convolution;
    private readonly Module<Tensor, Tensor> normalisation;
    private readonly LeakyReLU activation;

    public UnetDownBlock(int inChannels, int outChannels, bool normalise) : base(nameof(UnetDownBlock))
    {
        // No bias under batch norm: its shift takes the bias's place.
        convolution = Conv2d(inChannels, outChannels, kernel_size: 4, stride: 2, padding: 1, bias: !normalise);
        normalisation = normalise ? BatchNorm2d(outChannels) : Identity();
        activation = LeakyReLU(NegativeSlope);
        RegisterComponents();
    }

    /// <param name="features">[N, in, S, S]</param>
    /// <returns>[N, out, S/2, S/2]</returns>
    public override Tensor forward(Tensor features) =>
        activation.forward(normalisation.forward(convolution.forward(features)));
}
