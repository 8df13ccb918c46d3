using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Adversarial;

/// <summary>A square, same-padded convolution with Progressive GAN's equalised learning rate (see
/// <see cref="EqualizedLinear"/>): weights stored N(0, 1), scaled by gain/√(in·k²) when used.</summary>
public sealed class EqualizedConv2d : Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly double weightScale;
    private readonly long padding;

    public EqualizedConv2d(int inChannels, int outChannels, int kernelSize, double gain = 1.4142135623730951)
        : base(nameof(EqualizedConv2d))
    {
        weight = Parameter(empty(outChannels, inChannels, kernelSize, kernelSize));
        bias = Parameter(zeros(outChannels));
        weightScale = gain / Math.Sqrt(inChannels * kernelSize * kernelSize);
        padding = kernelSize / 2;
        RegisterComponents();
        using var generator = new Generator(0);
        ResetParameters(generator);
    }

    public void ResetParameters(Generator generator)
    {
        using var noGrad = no_grad();
        weight.normal_(0, 1, generator);
        bias.zero_();
    }

    /// <param name="input">[N, in, H, W]</param>
    /// <returns>[N, out, H, W]</returns>
    public override Tensor forward(Tensor input) =>
        functional.conv2d(input, weight * weightScale, bias, padding: [padding, padding]);
}
