using GenService.ML.Adversarial;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Progan;

/// <summary>One level of G: nearest-neighbour upsampling, then two 3x3 convolutions, each followed by
/// LeakyReLU 0.2 and pixel norm. Doubles the resolution.</summary>
public sealed class ProganGeneratorBlock : Module<Tensor, Tensor>
{
    private readonly EqualizedConv2d first;
    private readonly LeakyReLU firstActivation;
    private readonly PixelNorm firstNorm;
    private readonly EqualizedConv2d second;
    private readonly LeakyReLU secondActivation;
    private readonly PixelNorm secondNorm;

    public ProganGeneratorBlock(int inChannels, int outChannels) : base(nameof(ProganGeneratorBlock))
    {
        first = new EqualizedConv2d(inChannels, outChannels, kernelSize: 3);
        firstActivation = LeakyReLU(0.2);
        firstNorm = new PixelNorm();
        second = new EqualizedConv2d(outChannels, outChannels, kernelSize: 3);
        secondActivation = LeakyReLU(0.2);
        secondNorm = new PixelNorm();
        RegisterComponents();
    }

    /// <param name="features">[N, in, S, S]</param>
    /// <returns>[N, out, 2S, 2S]</returns>
    public override Tensor forward(Tensor features)
    {
        features = ProganGenerator.Upsample(features);                                            // [N, in, 2S, 2S]
        features = firstNorm.forward(firstActivation.forward(first.forward(features)));            // [N, out, 2S, 2S]
        return secondNorm.forward(secondActivation.forward(second.forward(features)));
    }
}
