using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.CycleGan;

/// <summary>
/// G of Zhu et al. 2017 (after Johnson et al. 2016): c7s1-k, d2k, d4k, R4k × blocks, u2k, uk, c7s1-C, tanh. Every
/// convolution but the last is followed by instance norm and ReLU; the 7x7 and 3x3 convolutions pad by reflection,
/// so the borders carry no zero-padding artefacts. No noise: a translation depends on its input alone.
/// </summary>
public sealed class ResnetGenerator : Module<Tensor, Tensor>
{
    private const int OuterKernel = 7;

    private readonly Sequential fromImage;
    private readonly Sequential downsample;
    private readonly Sequential residuals;
    private readonly Sequential upsample;
    private readonly Sequential toImage;

    public ResnetGenerator(CycleGanArchitecture architecture) : base(nameof(ResnetGenerator))
    {
        if (architecture.Problem is { } reason)
            throw new ArgumentException(reason, nameof(architecture));
        Architecture = architecture;
        var channels = architecture.Shape.Channels;
        var k = architecture.BaseChannels;
        fromImage = Sequential(
            ("pad", ReflectionPad2d(OuterKernel / 2)),
            ("conv", Conv2d(channels, k, kernel_size: OuterKernel)),
            ("norm", InstanceNorm2d(k)),
            ("relu", ReLU()));
        downsample = Sequential(Enumerable.Range(0, CycleGanArchitecture.Downsamplings).Select(i => (
            $"down{i + 1}", (Module<Tensor, Tensor>)Sequential(
                Conv2d(k << i, k << (i + 1), kernel_size: 3, stride: 2, padding: 1),
                InstanceNorm2d(k << (i + 1)),
                ReLU()))));
        var inner = k << CycleGanArchitecture.Downsamplings;
        residuals = Sequential(Enumerable.Range(0, architecture.ResidualBlocks)
            .Select(i => ($"block{i + 1}", (Module<Tensor, Tensor>)new ResidualBlock(inner))));
        upsample = Sequential(Enumerable.Range(0, CycleGanArchitecture.Downsamplings).Select(i => (
            $"up{i + 1}", (Module<Tensor, Tensor>)Sequential(
                ConvTranspose2d(inner >> i, inner >> (i + 1), kernel_size: 3, stride: 2, padding: 1, output_padding: 1),
                InstanceNorm2d(inner >> (i + 1)),
                ReLU()))));
        toImage = Sequential(
            ("pad", ReflectionPad2d(OuterKernel / 2)),
            ("conv", Conv2d(k, channels, kernel_size: OuterKernel)),
            ("tanh", Tanh()));
        RegisterComponents();
    }

    public CycleGanArchitecture Architecture { get; }

    /// <param name="images">[N, C, S, S] in [−1, 1]</param>
    /// <returns>[N, C, S, S] in (−1, 1)</returns>
    public override Tensor forward(Tensor images)
    {
        var features = fromImage.forward(images);        // [N, k, S, S]
        features = downsample.forward(features);         // [N, 4k, S/4, S/4]
        features = residuals.forward(features);          // [N, 4k, S/4, S/4]
        features = upsample.forward(features);           // [N, k, S, S]
        return toImage.forward(features);                // [N, C, S, S]
    }
}
