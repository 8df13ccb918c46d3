using GenService.ML.Families.Dcgan;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.TextGan;

/// <summary>
/// The DCGAN discriminator's body (Radford et al. 2016, as Reed et al. 2016 use it): a strided convolution without
/// normalisation, then DCGAN blocks halving the image down to 4x4, channels doubling with every halving up to 8x.
/// </summary>
public sealed class DownsamplingTrunk : Module<Tensor, Tensor>
{
    public const int BottomSize = 4;

    private const double NegativeSlope = 0.2;
    private const int MaximumChannelMultiplier = 8;

    private readonly Conv2d stem;
    private readonly LeakyReLU activation;
    private readonly Sequential downsample;

    /// <param name="size">The images' side, a power of two of 8 or more.</param>
    public DownsamplingTrunk(int channels, int size, int baseChannels) : base(nameof(DownsamplingTrunk))
    {
        int Width(int resolution) => baseChannels * Math.Min(size / 2 / resolution, MaximumChannelMultiplier);
        stem = Conv2d(channels, Width(size / 2), kernel_size: 4, stride: 2, padding: 1);
        activation = LeakyReLU(NegativeSlope);
        var resolutions = new List<int>();
        for (var resolution = size / 4; resolution >= BottomSize; resolution /= 2)
            resolutions.Add(resolution);
        downsample = Sequential(resolutions.Select(resolution =>
            ($"to{resolution}", (Module<Tensor, Tensor>)new DiscriminatorBlock(Width(resolution * 2), Width(resolution), CriticNormalisation.BatchNorm))));
        OutputChannels = Width(BottomSize);
        RegisterComponents();
    }

    public int OutputChannels { get; }

    /// <param name="images">[N, C, S, S] in [−1, 1]</param>
    /// <returns>[N, OutputChannels, 4, 4]</returns>
    public override Tensor forward(Tensor images) => downsample.forward(activation.forward(stem.forward(images)));
}
