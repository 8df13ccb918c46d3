using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Pix2Pix;

/// <summary>A decoder block of the U-Net, the paper's Ck or CDk: 4x4 stride-2 transposed convolution, batch
/// norm, dropout (CDk only, masks from <see cref="DropoutNoise"/>), ReLU. Doubles the resolution.</summary>
public sealed class UnetUpBlock : Module<Tensor, DropoutNoise, Tensor>
{
    private readonly ConvTranspose2d convolution;
    private readonly BatchNorm2d normalisation;
    private readonly ReLU activation;
    private readonly bool dropout;

    public UnetUpBlock(int inChannels, int outChannels, bool dropout) : base(nameof(UnetUpBlock))
    {
        convolution = ConvTranspose2d(inChannels, outChannels, kernel_size: 4, stride: 2, padding: 1, bias: false);
        normalisation = BatchNorm2d(outChannels);
        activation = ReLU();
        this.dropout = dropout;
        RegisterComponents();
    }

    /// <param name="features">[N, in, S, S]: the block below's output, concatenated with the skip at S</param>
    /// <returns>[N, out, 2S, 2S]</returns>
    public override Tensor forward(Tensor features, DropoutNoise noise)
    {
        var normalised = normalisation.forward(convolution.forward(features));
        return activation.forward(dropout ? noise.Apply(normalised, Pix2PixArchitecture.DropoutRate) : normalised);
    }
}
