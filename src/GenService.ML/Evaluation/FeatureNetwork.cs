using GenService.ML.Families;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Evaluation;

/// <summary>
/// A small convolutional classifier whose pooled penultimate activations serve as image features, the
/// role Inception-v3's pool3 layer plays in FID (Heusel et al., 2017). Trained on the dataset's own
/// images, because Inception's ImageNet weights cannot be had here.
/// </summary>
public sealed class FeatureNetwork : Module<Tensor, Tensor>
{
    private readonly ConvolutionBlock stem;
    private readonly Sequential downsample;
    private readonly Linear head;

    public FeatureNetwork(FeatureNetworkArchitecture architecture) : base(nameof(FeatureNetwork))
    {
        if (FeatureNetworkArchitecture.Check(architecture.Shape) is { } reason)
            throw new ArgumentException(reason, nameof(architecture));
        Architecture = architecture;
        stem = new ConvolutionBlock(architecture.Shape.Channels, architecture.Channels(0), stride: 1);
        downsample = Sequential(Enumerable.Range(0, architecture.Levels)
            .Select(level => ($"level{level}", (Module<Tensor, Tensor>)new ConvolutionBlock(architecture.Channels(level), architecture.Channels(level + 1), stride: 2))));
        head = Linear(architecture.FeatureDimension, architecture.Outputs);
        RegisterComponents();
    }

    public FeatureNetworkArchitecture Architecture { get; }

    /// <param name="images">[N, C, H, W] in [0, 1]</param>
    /// <returns>[N, D]: the last level's channels averaged over all positions.</returns>
    public Tensor Features(Tensor images) => FeatureMap(images).mean([2, 3]);

    /// <summary>The last level's activations before pooling, where a perceptual loss compares images (as
    /// SRGAN compares VGG19's last convolutional features). Any image size works: every layer is a convolution.</summary>
    /// <param name="images">[N, C, H, W] in [0, 1]</param>
    /// <returns>[N, D, H / 2^levels, W / 2^levels] (rounded up)</returns>
    public Tensor FeatureMap(Tensor images)
    {
        var features = stem.forward(images);                 // [N, base, H, W]
        return downsample.forward(features);                 // [N, D, H / 2^levels, W / 2^levels]
    }

    /// <param name="images">[N, C, H, W] in [0, 1]</param>
    /// <returns>Class logits [N, outputs].</returns>
    public override Tensor forward(Tensor images) => Classify(Features(images));

    /// <param name="features">[N, D] from <see cref="Features"/></param>
    /// <returns>Class logits [N, outputs].</returns>
    public Tensor Classify(Tensor features) => head.forward(features);

    /// <summary>Reproducible from the seed (<see cref="DefaultInitialisation"/>); normalisation layers start as the identity.</summary>
    public void ResetParameters(Generator generator) => DefaultInitialisation.Apply(this, generator);
}
