using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Evaluation;

/// <summary>A 3x3 convolution (stride 1 keeps the size, stride 2 halves it, rounding up), batch normalisation, ReLU.</summary>
/// <remarks>Batch normalisation makes a small classifier train in a few hundred steps; in eval mode it uses
/// its running statistics, so an image's features never depend on the other images of its batch.</remarks>
public sealed class ConvolutionBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d convolution;
    private readonly BatchNorm2d normalisation;
    private readonly ReLU activation;

    public ConvolutionBlock(int inChannels, int outChannels, int stride) : base(nameof(ConvolutionBlock))
    {
        convolution = Conv2d(inChannels, outChannels, kernel_size: 3, stride: stride, padding: 1, bias: false);
        normalisation = BatchNorm2d(outChannels);
        activation = ReLU();
        RegisterComponents();
    }

    /// <param name="features">[N, in, S, S]</param>
    /// <returns>[N, out, S / stride (rounded up), same]</returns>
    public override Tensor forward(Tensor features) =>
        activation.forward(normalisation.forward(convolution.forward(features)));
}
