using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.SuperResolution;

/// <summary>An SRGAN discriminator layer: 3x3 convolution (stride 2 halves the resolution, rounding up),
/// batch norm, LeakyReLU with slope 0.2.</summary>
public sealed class DiscriminatorBlock : Module<Tensor, Tensor>
{
    public const double NegativeSlope = 0.2;

    private readonly Conv2d convolution;
    private readonly BatchNorm2d normalisation;
    private readonly LeakyReLU activation;

    public DiscriminatorBlock(int inChannels, int outChannels, int stride) : base(nameof(DiscriminatorBlock))
    {
        convolution = Conv2d(inChannels, outChannels, kernel_size: 3, stride: stride, padding: 1, bias: false);
        normalisation = BatchNorm2d(outChannels);
        activation = LeakyReLU(NegativeSlope);
        RegisterComponents();
    }

    /// <param name="features">[N, in, S, S]</param>
    /// <returns>[N, out, S / stride (rounded up), same]</returns>
    public override Tensor forward(Tensor features) =>
        activation.forward(normalisation.forward(convolution.forward(features)));
}
