using GenService.ML.Families;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Evaluation;

/// <summary>
/// A compact U-Net that gives every pixel class logits: the segmentation network with which the SPADE paper
/// (Park et al., 2019) scores how faithfully generated images follow their label maps. Trained on the
/// dataset's own images, as no pretrained segmentation model (DeepLab, UperNet) can be had here.
/// </summary>
public sealed class SegmentationNetwork : Module<Tensor, Tensor>
{
    private readonly ConvolutionBlock stem;
    private readonly ConvolutionBlock stemRefine;
    private readonly ModuleList<SegmentationDownBlock> down;
    private readonly ModuleList<SegmentationUpBlock> up;
    private readonly Conv2d head;

    public SegmentationNetwork(SegmentationNetworkArchitecture architecture) : base(nameof(SegmentationNetwork))
    {
        if (architecture.Check() is { } reason)
            throw new ArgumentException(reason, nameof(architecture));
        Architecture = architecture;
        stem = new ConvolutionBlock(architecture.Shape.Channels, architecture.Channels(0), stride: 1);
        stemRefine = new ConvolutionBlock(architecture.Channels(0), architecture.Channels(0), stride: 1);
        down = ModuleList(Enumerable.Range(1, architecture.Levels)
            .Select(level => new SegmentationDownBlock(architecture.Channels(level - 1), architecture.Channels(level))).ToArray());
        // up[i] brings level i + 1 back to level i.
        up = ModuleList(Enumerable.Range(0, architecture.Levels)
            .Select(level => new SegmentationUpBlock(architecture.Channels(level + 1), architecture.Channels(level))).ToArray());
        head = Conv2d(architecture.Channels(0), architecture.Classes, kernel_size: 1);
        RegisterComponents();
    }

    public SegmentationNetworkArchitecture Architecture { get; }

    /// <param name="images">[N, C, H, W] in [0, 1]</param>
    /// <returns>Class logits [N, classes, H, W].</returns>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var skips = new List<Tensor> { stemRefine.forward(stem.forward(images)) };   // [N, base, H, W]
        foreach (var block in down)
            skips.Add(block.forward(skips[^1]));                                     // [N, channels(l), H / 2^l, W / 2^l]
        var features = skips[^1];
        for (var level = Architecture.Levels - 1; level >= 0; level--)
            features = up[level].forward(features, skips[level]);                   // [N, channels(l), H / 2^l, W / 2^l]
        return head.forward(features).MoveToOuterDisposeScope();                    // [N, classes, H, W]
    }

    /// <summary>Reproducible from the seed (<see cref="DefaultInitialisation"/>); normalisation layers start as the identity.</summary>
    public void ResetParameters(Generator generator) => DefaultInitialisation.Apply(this, generator);
}
