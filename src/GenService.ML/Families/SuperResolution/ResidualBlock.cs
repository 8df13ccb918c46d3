using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.SuperResolution;

/// <summary>SRResNet's residual block (Ledig et al. 2017, after Gross and Wilber's variant of He et al.'s):
/// 3x3 convolution, batch norm, PReLU, 3x3 convolution, batch norm, plus the input. Keeps size and channels.</summary>
public sealed class ResidualBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d firstConvolution;
    private readonly BatchNorm2d firstNormalisation;
    private readonly PReLU activation;
    private readonly Conv2d secondConvolution;
    private readonly BatchNorm2d secondNormalisation;

    public ResidualBlock(int channels) : base(nameof(ResidualBlock))
    {
        // No biases: batch norm's shift takes their place.
        firstConvolution = Conv2d(channels, channels, kernel_size: 3, padding: 1, bias: false);
        firstNormalisation = BatchNorm2d(channels);
        activation = PReLU(channels);
        secondConvolution = Conv2d(channels, channels, kernel_size: 3, padding: 1, bias: false);
        secondNormalisation = BatchNorm2d(channels);
        RegisterComponents();
    }

    /// <param name="features">[N, ch, h, w]</param>
    /// <returns>[N, ch, h, w]</returns>
    public override Tensor forward(Tensor features)
    {
        var residual = activation.forward(firstNormalisation.forward(firstConvolution.forward(features)));
        residual = secondNormalisation.forward(secondConvolution.forward(residual));
        return features + residual;
    }
}
