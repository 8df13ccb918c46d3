using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Evaluation;

/// <summary>One encoder level of a U-Net: a stride-2 convolution halves the image, a second convolution widens
/// the view at the new scale.</summary>
public sealed class SegmentationDownBlock : Module<Tensor, Tensor>
{
    private readonly ConvolutionBlock halve;
    private readonly ConvolutionBlock refine;

    public SegmentationDownBlock(int inChannels, int outChannels) : base(nameof(SegmentationDownBlock))
    {
        halve = new ConvolutionBlock(inChannels, outChannels, stride: 2);
        refine = new ConvolutionBlock(outChannels, outChannels, stride: 1);
        RegisterComponents();
    }

    /// <param name="features">[N, in, H, W]</param>
    /// <returns>[N, out, H / 2, W / 2]</returns>
    public override Tensor forward(Tensor features) => refine.forward(halve.forward(features));
}
