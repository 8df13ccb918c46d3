using GenService.ML.Adversarial;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Spade;

/// <summary>
/// One of SPADE's discriminators (the reference's NLayerDiscriminator): a PatchGAN over the label map and the image
/// side by side, 4x4 convolutions (stride 2, 2, 2, then 1) with spectral and instance normalisation after the first,
/// LeakyReLU(0.2), and a 1-channel convolution scoring each patch. It returns every layer's output, the last being the
/// scores, because the generator's feature-matching loss compares the intermediate ones.
/// </summary>
public sealed class FeaturePatchGan : Module<Tensor, IReadOnlyList<Tensor>>
{
    private const double NegativeSlope = 0.2;
    private const int KernelSize = 4;
    private const int Padding = 2;

    private readonly Conv2d first;
    private readonly ModuleList<SpectralNormConv2d> convolutions;
    private readonly ModuleList<InstanceNorm2d> normalisations;
    private readonly Conv2d score;

    public FeaturePatchGan(SpadeArchitecture architecture) : base(nameof(FeaturePatchGan))
    {
        var layers = SpadeArchitecture.DiscriminatorLayers;
        first = Conv2d(architecture.LabelChannels + architecture.Shape.Channels, architecture.DiscriminatorChannels(0),
            kernel_size: KernelSize, stride: 2, padding: Padding);
        convolutions = new ModuleList<SpectralNormConv2d>([.. Enumerable.Range(1, layers - 1).Select(layer => new SpectralNormConv2d(
            architecture.DiscriminatorChannels(layer - 1), architecture.DiscriminatorChannels(layer), KernelSize,
            stride: layer == layers - 1 ? 1 : 2, padding: Padding, bias: false))]);
        normalisations = new ModuleList<InstanceNorm2d>([.. Enumerable.Range(1, layers - 1)
            .Select(layer => InstanceNorm2d(architecture.DiscriminatorChannels(layer), affine: false))]);
        score = Conv2d(architecture.DiscriminatorChannels(layers - 1), 1, kernel_size: KernelSize, stride: 1, padding: Padding);
        RegisterComponents();
    }

    /// <param name="labelsAndImages">[N, L + C, S, S]: one-hot map and image in [−1, 1], concatenated.</param>
    /// <returns>Each layer's output, the last [N, 1, P, P] patch scores.</returns>
    public override IReadOnlyList<Tensor> forward(Tensor labelsAndImages)
    {
        var outputs = new List<Tensor> { functional.leaky_relu(first.forward(labelsAndImages), NegativeSlope) };
        for (var layer = 0; layer < convolutions.Count; layer++)
            outputs.Add(functional.leaky_relu(normalisations[layer].forward(convolutions[layer].forward(outputs[^1])), NegativeSlope));
        outputs.Add(score.forward(outputs[^1]));
        return outputs;
    }
}
