using GenService.ML.Adversarial;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.StyleGan;

/// <summary>
/// One residual block of StyleGAN2's discriminator (Karras et al. 2020, figure 7c): two 3x3 convolutions,
/// the second after downsampling, beside a downsampled 1x1 shortcut; both paths scaled by 1/√2 so the sum
/// keeps the variance of its parts.
/// </summary>
public sealed class DiscriminatorBlock : Module<Tensor, Tensor>
{
    private static readonly double HalfGain = Math.Sqrt(0.5);

    private readonly EqualizedConv2d conv0;
    private readonly EqualizedConv2d conv1;
    private readonly EqualizedConv2d skip;

    public DiscriminatorBlock(int inChannels, int outChannels) : base(nameof(DiscriminatorBlock))
    {
        conv0 = new EqualizedConv2d(inChannels, inChannels, kernelSize: 3);
        // Leaky ReLU's gain √2 times the residual 1/√2.
        conv1 = new EqualizedConv2d(inChannels, outChannels, kernelSize: 3, gain: Math.Sqrt(2) * HalfGain);
        skip = new EqualizedConv2d(inChannels, outChannels, kernelSize: 1, gain: HalfGain);
        RegisterComponents();
    }

    /// <param name="features">[N, in, R, R]</param>
    /// <returns>[N, out, R/2, R/2]</returns>
    public override Tensor forward(Tensor features)
    {
        var shortcut = skip.forward(Resampling.Downsample(features));                                   // [N, out, R/2, R/2]
        var main = functional.leaky_relu(conv0.forward(features), 0.2);                                  // [N, in, R, R]
        main = functional.leaky_relu(conv1.forward(Resampling.Downsample(main)), 0.2);                  // [N, out, R/2, R/2]
        return shortcut + main;
    }

    public void ResetParameters(Generator generator)
    {
        conv0.ResetParameters(generator);
        conv1.ResetParameters(generator);
        skip.ResetParameters(generator);
    }
}
