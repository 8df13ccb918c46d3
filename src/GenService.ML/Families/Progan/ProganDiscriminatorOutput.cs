using GenService.ML.Adversarial;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Progan;

/// <summary>D's 4x4 level: the minibatch standard deviation map, a 3x3 convolution, a dense layer and a
/// linear score per image (Karras et al. 2018, Table 2).</summary>
public sealed class ProganDiscriminatorOutput : Module<Tensor, Tensor>
{
    private readonly MinibatchStandardDeviation deviation;
    private readonly EqualizedConv2d convolution;
    private readonly LeakyReLU convolutionActivation;
    private readonly EqualizedLinear dense;
    private readonly LeakyReLU denseActivation;
    private readonly EqualizedLinear score;

    public ProganDiscriminatorOutput(int channels, int groupSize) : base(nameof(ProganDiscriminatorOutput))
    {
        deviation = new MinibatchStandardDeviation(groupSize);
        convolution = new EqualizedConv2d(channels + 1, channels, kernelSize: 3);
        convolutionActivation = LeakyReLU(0.2);
        dense = new EqualizedLinear(channels * 16, channels);
        denseActivation = LeakyReLU(0.2);
        score = new EqualizedLinear(channels, 1, gain: 1);
        RegisterComponents();
    }

    /// <param name="features">[N, ch, 4, 4]</param>
    /// <returns>[N] scores</returns>
    public override Tensor forward(Tensor features)
    {
        features = deviation.forward(features);                                        // [N, ch + 1, 4, 4]
        features = convolutionActivation.forward(convolution.forward(features));       // [N, ch, 4, 4]
        features = denseActivation.forward(dense.forward(features.flatten(1)));        // [N, ch]
        return score.forward(features).flatten();                                     // [N]
    }
}
