using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using F = TorchSharp.torch.nn.functional;

namespace GenService.ML.Evaluation;

/// <summary>One decoder level of a U-Net (Ronneberger et al., 2015): the coarse features are doubled in size
/// and joined with the encoder's features of that size, whose skip brings back the exact class borders.</summary>
public sealed class SegmentationUpBlock : Module<Tensor, Tensor, Tensor>
{
    private readonly ConvolutionBlock merge;

    public SegmentationUpBlock(int coarseChannels, int skipChannels) : base(nameof(SegmentationUpBlock))
    {
        merge = new ConvolutionBlock(coarseChannels + skipChannels, skipChannels, stride: 1);
        RegisterComponents();
    }

    /// <param name="coarse">[N, coarse, H / 2, W / 2]</param>
    /// <param name="skip">[N, skip, H, W]</param>
    /// <returns>[N, skip, H, W]</returns>
    public override Tensor forward(Tensor coarse, Tensor skip)
    {
        using var scope = NewDisposeScope();
        var upsampled = F.interpolate(coarse, scale_factor: [2, 2], mode: InterpolationMode.Nearest);   // [N, coarse, H, W]
        return merge.forward(cat([upsampled, skip], 1)).MoveToOuterDisposeScope();
    }
}
