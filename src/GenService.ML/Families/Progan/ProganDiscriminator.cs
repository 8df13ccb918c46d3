using GenService.ML.Adversarial;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Progan;

/// <summary>
/// D of Karras et al. 2018, mirroring G: a 1x1 "from image" convolution per level, one block per halving,
/// and the 4x4 output level. While a level fades in, its features are blended with those of the previous
/// level's input read from the image halved: (1 − α)·fromImage₋₁(down(x)) + α·block(fromImage(x)).
/// </summary>
public sealed class ProganDiscriminator : Module<Tensor, ProganPhase, Tensor>
{
    private readonly ModuleList<EqualizedConv2d> fromImage;
    private readonly LeakyReLU fromImageActivation;
    private readonly ModuleList<ProganDiscriminatorBlock> blocks;
    private readonly ProganDiscriminatorOutput output;

    public ProganDiscriminator(ProganArchitecture architecture) : base(nameof(ProganDiscriminator))
    {
        if (ProganArchitecture.Check(architecture.Shape) is { } reason)
            throw new ArgumentException(reason, nameof(architecture));
        var channels = Enumerable.Range(0, architecture.Levels).Select(level => architecture.ChannelsAt(ProganArchitecture.Resolution(level))).ToList();
        fromImage = ModuleList(channels.Select(c => new EqualizedConv2d(architecture.Shape.Channels, c, kernelSize: 1)).ToArray());
        fromImageActivation = LeakyReLU(0.2);
        blocks = ModuleList(Enumerable.Range(1, architecture.Levels - 1).Select(level => new ProganDiscriminatorBlock(channels[level], channels[level - 1])).ToArray());
        output = new ProganDiscriminatorOutput(channels[0], architecture.MinibatchGroupSize);
        RegisterComponents();
    }

    /// <param name="images">[N, C, R, R] at the phase's resolution R, in [−1, 1]</param>
    /// <returns>[N] scores</returns>
    public override Tensor forward(Tensor images, ProganPhase phase)
    {
        var features = fromImageActivation.forward(fromImage[phase.Level].forward(images));   // [N, ch(R), R, R]
        if (phase.Level > 0)
        {
            features = blocks[phase.Level - 1].forward(features);                                // [N, ch(R/2), R/2, R/2]
            if (phase.IsFading)
            {
                var previous = fromImageActivation.forward(fromImage[phase.Level - 1].forward(Downsample(images)));
                features = previous.lerp(features, phase.Alpha);
            }
        }
        for (var level = phase.Level - 1; level > 0; level--)
            features = blocks[level - 1].forward(features);                                      // [N, ch(4), 4, 4] after the loop
        return output.forward(features);
    }

    /// <summary>Halves the resolution by averaging 2x2 pixels.</summary>
    /// <param name="images">[N, C, S, S]</param>
    /// <returns>[N, C, S/2, S/2]</returns>
    public static Tensor Downsample(Tensor images) => functional.avg_pool2d(images, kernel_size: 2);
}
