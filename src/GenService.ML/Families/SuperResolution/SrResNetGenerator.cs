using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.SuperResolution;

/// <summary>
/// SRResNet, the generator of Ledig et al. 2017 (figure 4): a 9x9 convolution and PReLU, B residual blocks,
/// a 3x3 convolution and batch norm added back to the head's output (the global skip), log2(scale)
/// sub-pixel upsampling blocks, and a 9x9 convolution to the image's channels. All the heavy work happens at
/// the input's low resolution. Being fully convolutional, it takes inputs of any size. With
/// <see cref="SuperResolutionArchitecture.BicubicSkip"/>, the input's bicubic upscale is added to the tail's output.
/// </summary>
/// <remarks>The output is linear, trained towards [0, 1] targets; callers clamp it to pixel values.</remarks>
public sealed class SrResNetGenerator : Module<Tensor, Tensor>
{
    private readonly Conv2d head;
    private readonly PReLU headActivation;
    private readonly Sequential residualBlocks;
    private readonly Conv2d bodyConvolution;
    private readonly BatchNorm2d bodyNormalisation;
    private readonly Sequential upsample;
    private readonly Conv2d tail;

    public SrResNetGenerator(SuperResolutionArchitecture architecture) : base(nameof(SrResNetGenerator))
    {
        if (SuperResolutionArchitecture.Check(architecture.Shape) is { } reason)
            throw new ArgumentException(reason, nameof(architecture));
        if (!SuperResolutionArchitecture.Scales.Contains(architecture.Scale))
            throw new ArgumentException($"The scale must be one of {string.Join(", ", SuperResolutionArchitecture.Scales)}, not {architecture.Scale}.", nameof(architecture));
        Architecture = architecture;
        var imageChannels = architecture.Shape.Channels;
        var channels = architecture.Channels;
        head = Conv2d(imageChannels, channels, SuperResolutionArchitecture.HeadKernel, padding: SuperResolutionArchitecture.HeadKernel / 2);
        headActivation = PReLU(channels);
        residualBlocks = Sequential(Enumerable.Range(0, architecture.ResidualBlocks)
            .Select(block => ($"block{block}", (Module<Tensor, Tensor>)new ResidualBlock(channels))));
        bodyConvolution = Conv2d(channels, channels, SuperResolutionArchitecture.BodyKernel, padding: SuperResolutionArchitecture.BodyKernel / 2, bias: false);
        bodyNormalisation = BatchNorm2d(channels);
        upsample = Sequential(Enumerable.Range(0, architecture.UpsampleBlocks)
            .Select(block => ($"x{UpsampleBlock.Factor << block}", (Module<Tensor, Tensor>)new UpsampleBlock(channels))));
        tail = Conv2d(channels, imageChannels, SuperResolutionArchitecture.TailKernel, padding: SuperResolutionArchitecture.TailKernel / 2);
        RegisterComponents();
    }

    public SuperResolutionArchitecture Architecture { get; }

    /// <param name="images">[N, C, h, w] low-resolution images in [0, 1]</param>
    /// <returns>[N, C, h · scale, w · scale], trained towards [0, 1]</returns>
    public override Tensor forward(Tensor images)
    {
        var shallow = headActivation.forward(head.forward(images));                  // [N, ch, h, w]
        var deep = residualBlocks.forward(shallow);                                  // [N, ch, h, w]
        deep = bodyNormalisation.forward(bodyConvolution.forward(deep)) + shallow;   // global skip
        var output = tail.forward(upsample.forward(deep));                           // [N, ch, sh, sw] → [N, C, sh, sw]
        if (!Architecture.BicubicSkip)
            return output;
        // Neither clamped nor rounded, unlike BicubicResampling's: the network's residual corrects it.
        using var upscaled = nn.functional.interpolate(images, scale_factor: [Architecture.Scale, Architecture.Scale],
            mode: InterpolationMode.Bicubic, align_corners: false);
        return output.add_(upscaled);
    }
}
