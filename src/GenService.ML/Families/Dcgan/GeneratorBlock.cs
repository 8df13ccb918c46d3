using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Dcgan;

/// <summary>A DCGAN generator layer: 4x4 transposed convolution, batch norm, ReLU. With the default
/// stride 2 it doubles the resolution; with stride 1 and no padding it turns a 1x1 latent into 4x4.</summary>
public sealed class GeneratorBlock : Module<Tensor, Tensor>
{
    private readonly ConvTranspose2d convolution;
    private readonly BatchNorm2d normalisation;
    private readonly ReLU activation;

    public GeneratorBlock(int inChannels, int outChannels, int stride = 2, int padding = 1) : base(nameof(GeneratorBlock))
    {
        // No bias: batch norm's shift takes its place.
        convolution = ConvTranspose2d(inChannels, outChannels, kernel_size: 4, stride: stride, padding: padding, bias: false);
        normalisation = BatchNorm2d(outChannels);
        activation = ReLU();
        RegisterComponents();
    }

    /// <param name="features">[N, in, S, S]</param>
    /// <returns>[N, out, 2S, 2S] (stride 2) or [N, out, S + 3, S + 3] (stride 1, no padding)</returns>
    public override Tensor forward(Tensor features) =>
        activation.forward(normalisation.forward(convolution.forward(features)));
}
