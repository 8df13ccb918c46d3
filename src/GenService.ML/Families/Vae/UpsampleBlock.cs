using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Vae;

/// <summary>Doubles the resolution: a 4x4 stride-2 transposed convolution, then SiLU; mirrors <see cref="DownsampleBlock"/>.</summary>
public sealed class UpsampleBlock : Module<Tensor, Tensor>
{
    private readonly ConvTranspose2d convolution;
    private readonly SiLU activation;

    public UpsampleBlock(int inChannels, int outChannels) : base(nameof(UpsampleBlock))
    {
        convolution = ConvTranspose2d(inChannels, outChannels, kernel_size: 4, stride: 2, padding: 1);
        activation = SiLU();
        RegisterComponents();
    }

    /// <param name="features">[N, in, S, S]</param>
    /// <returns>[N, out, 2S, 2S]</returns>
    public override Tensor forward(Tensor features) => activation.forward(convolution.forward(features));
}
