using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.SuperResolution;

/// <summary>
/// A sub-pixel convolution (Shi et al. 2016) doubling the resolution: a 3x3 convolution to 4 × ch channels,
/// a pixel shuffle that moves each group of four channels into a 2x2 block of pixels, PReLU. Learns its
/// upsampling filters at low resolution and never makes the checkerboard of a strided transposed convolution.
/// </summary>
public sealed class UpsampleBlock : Module<Tensor, Tensor>
{
    public const int Factor = 2;

    private readonly Conv2d convolution;
    private readonly PixelShuffle shuffle;
    private readonly PReLU activation;

    public UpsampleBlock(int channels) : base(nameof(UpsampleBlock))
    {
        convolution = Conv2d(channels, channels * Factor * Factor, kernel_size: 3, padding: 1);
        shuffle = PixelShuffle(Factor);
        activation = PReLU(channels);
        RegisterComponents();
    }

    /// <param name="features">[N, ch, h, w]</param>
    /// <returns>[N, ch, 2h, 2w]</returns>
    public override Tensor forward(Tensor features) =>
        activation.forward(shuffle.forward(convolution.forward(features)));   // [N, 4ch, h, w] → [N, ch, 2h, 2w]
}
