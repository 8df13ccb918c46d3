using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.CycleGan;

/// <summary>The paper's Rk: two 3x3 convolutions with reflection padding and instance norm, ReLU between, added to
/// the input. Keeps the resolution and the channels.</summary>
public sealed class ResidualBlock : Module<Tensor, Tensor>
{
    private readonly Sequential residual;

    public ResidualBlock(int channels) : base(nameof(ResidualBlock))
    {
        residual = Sequential(
            ("pad1", ReflectionPad2d(1)),
            ("conv1", Conv2d(channels, channels, kernel_size: 3)),
            ("norm1", InstanceNorm2d(channels)),
            ("relu", ReLU()),
            ("pad2", ReflectionPad2d(1)),
            ("conv2", Conv2d(channels, channels, kernel_size: 3)),
            ("norm2", InstanceNorm2d(channels)));
        RegisterComponents();
    }

    /// <param name="features">[N, C, S, S]</param>
    /// <returns>[N, C, S, S]</returns>
    public override Tensor forward(Tensor features) => features + residual.forward(features);
}
