using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Dcgan;

/// <summary>A DCGAN discriminator layer: 4x4 stride-2 convolution (strided, not pooled, as Radford et al.
/// prescribe), normalisation, LeakyReLU with slope 0.2. Halves the resolution.</summary>
public sealed class DiscriminatorBlock : Module<Tensor, Tensor>
{
    private const double NegativeSlope = 0.2;

    private readonly Conv2d convolution;
    private readonly Module<Tensor, Tensor> normalisation;
    private readonly LeakyReLU activation;

    public DiscriminatorBlock(int inChannels, int outChannels, CriticNormalisation normalisation) : base(nameof(DiscriminatorBlock))
    {
        convolution = Conv2d(inChannels, outChannels, kernel_size: 4, stride: 2, padding: 1, bias: false);
        this.normalisation = normalisation == CriticNormalisation.BatchNorm
            ? BatchNorm2d(outChannels)
            : GroupNorm(1, outChannels);    // one group: layer normalisation over channels and pixels
        activation = LeakyReLU(NegativeSlope);
        RegisterComponents();
    }

    /// <param name="features">[N, in, S, S]</param>
    /// <returns>[N, out, S/2, S/2]</returns>
    public override Tensor forward(Tensor features) =>
        activation.forward(normalisation.forward(convolution.forward(features)));
}
