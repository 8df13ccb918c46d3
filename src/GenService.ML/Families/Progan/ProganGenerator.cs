using GenService.ML.Adversarial;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Progan;

/// <summary>
/// G of Karras et al. 2018: the 4x4 input level, one block per doubling, and a 1x1 "to image" convolution
/// per level. At a phase it runs the levels up to the phase's; while that level fades in, its image is
/// blended with the previous level's image, upsampled: (1 − α)·up(toImage₋₁(h)) + α·toImage(block(h)).
/// The output is linear; images are trained in [−1, 1].
/// </summary>
public sealed class ProganGenerator : Module<Tensor, ProganPhase, Tensor>
{
    private readonly ProganGeneratorInput input;
    private readonly ModuleList<ProganGeneratorBlock> blocks;
    private readonly ModuleList<EqualizedConv2d> toImage;

    public ProganGenerator(ProganArchitecture architecture) : base(nameof(ProganGenerator))
    {
        if (ProganArchitecture.Check(architecture.Shape) is { } reason)
            throw new ArgumentException(reason, nameof(architecture));
        Architecture = architecture;
        var channels = Enumerable.Range(0, architecture.Levels).Select(level => architecture.ChannelsAt(ProganArchitecture.Resolution(level))).ToList();
        input = new ProganGeneratorInput(architecture.LatentDim, channels[0]);
        blocks = ModuleList(Enumerable.Range(1, architecture.Levels - 1).Select(level => new ProganGeneratorBlock(channels[level - 1], channels[level])).ToArray());
        toImage = ModuleList(channels.Select(c => new EqualizedConv2d(c, architecture.Shape.Channels, kernelSize: 1, gain: 1)).ToArray());
        RegisterComponents();
    }

    public ProganArchitecture Architecture { get; }

    /// <param name="latents">[N, latent]</param>
    /// <returns>[N, C, R, R] at the phase's resolution R, roughly in [−1, 1]</returns>
    public override Tensor forward(Tensor latents, ProganPhase phase)
    {
        var features = input.forward(latents);                                 // [N, ch(4), 4, 4]
        if (phase.Level == 0)
            return toImage[0].forward(features);
        for (var level = 1; level < phase.Level; level++)
            features = blocks[level - 1].forward(features);                    // [N, ch(R/2), R/2, R/2] after the loop
        var image = toImage[phase.Level].forward(blocks[phase.Level - 1].forward(features));   // [N, C, R, R]
        if (!phase.IsFading)
            return image;
        var previous = Upsample(toImage[phase.Level - 1].forward(features));   // [N, C, R, R]
        return previous.lerp(image, phase.Alpha);
    }

    /// <summary>Doubles the resolution by repeating each pixel, as the paper's generator does.</summary>
    /// <param name="images">[N, C, S, S]</param>
    /// <returns>[N, C, 2S, 2S]</returns>
    public static Tensor Upsample(Tensor images) =>
        functional.interpolate(images, scale_factor: [2, 2], mode: InterpolationMode.Nearest);
}
