using GenService.ML.Adversarial;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Progan;

/// <summary>One level of D, mirroring G's: two 3x3 convolutions with LeakyReLU 0.2 (no normalisation in
/// D), then 2x2 average pooling. Halves the resolution.</summary>
public sealed class ProganDiscriminatorBlock : Module<Tensor, Tensor>
{
    private readonly EqualizedConv2d first;
    private readonly LeakyReLU firstActivation;
    private readonly EqualizedConv2d second;
    private readonly LeakyReLU secondActivation;

    public ProganDiscriminatorBlock(int inChannels, int outChannels) : base(nameof(ProganDiscriminatorBlock))
    {
        first = new EqualizedConv2d(inChannels, inChannels, kernelSize: 3);
        firstActivation = LeakyReLU(0.2);
        second = new EqualizedConv2d(inChannels, outChannels, kernelSize: 3);
        secondActivation = LeakyReLU(0.2);
        RegisterComponents();
    }

    /// <param name="features">[N, in, S, S]</param>
    /// <returns>[N, out, S/2, S/2]</returns>
    public override Tensor forward(Tensor features)
    {
        features = firstActivation.forward(first.forward(features));         // [N, in, S, S]
        features = secondActivation.forward(second.forward(features));       // [N, out, S, S]
        return ProganDiscriminator.Downsample(features);
    }
}
