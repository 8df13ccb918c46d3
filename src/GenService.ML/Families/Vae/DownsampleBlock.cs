using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Vae;

/// <summary>Halves the resolution: a 4x4 stride-2 convolution, then SiLU.</summary>
/// <remarks>Kernel 4 with stride 2 covers every input pixel equally (kernel 3 would not), as in DCGAN.</remarks>
public sealed class DownsampleBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d convolution;
    private readonly SiLU activation;

    public DownsampleBlock(int inChannels, int outChannels) : base(nameof(DownsampleBlock))
    {
        convolution = Conv2d(inChannels, outChannels, kernel_size: 4, stride: 2, padding: 1);
        activation = SiLU();
        RegisterComponents();
    }

    /// <param name="features">[N, in, S, S]</param>
    /// <returns>[N, out, S/2, S/2]</returns>
    public override Tensor forward(Tensor features) => activation.forward(convolution.forward(features));
}
