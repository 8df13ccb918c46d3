using GenService.ML.Adversarial;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.StyleGan;

/// <summary>
/// StyleGAN2's residual discriminator: a 1x1 fromRGB at full resolution, one <see cref="DiscriminatorBlock"/>
/// per halving down to 4x4, then the epilogue of Progressive GAN: minibatch standard deviation,
/// a 3x3 convolution and two fully connected layers to one logit per image. Leaky ReLU 0.2 throughout,
/// all layers with the equalised learning rate.
/// </summary>
public sealed class StyleGanDiscriminator : Module<Tensor, Tensor>
{
    private readonly EqualizedConv2d fromRgb;
    private readonly ModuleList<DiscriminatorBlock> blocks;
    private readonly MinibatchStandardDeviation minibatchDeviation;
    private readonly EqualizedConv2d epilogueConv;
    private readonly EqualizedLinear epilogueDense;
    private readonly EqualizedLinear output;

    /// <param name="minibatchGroupSize">Images per group of the minibatch standard deviation; it holds no weights, so
    /// it is D's setting, not the architecture's.</param>
    public StyleGanDiscriminator(StyleGanArchitecture architecture, int minibatchGroupSize) : base(nameof(StyleGanDiscriminator))
    {
        if (architecture.Check() is { } reason)
            throw new ArgumentException(reason, nameof(architecture));
        var bottom = StyleGanArchitecture.InputResolution;
        var bottomChannels = architecture.Channels(bottom);
        fromRgb = new EqualizedConv2d(architecture.Shape.Channels, architecture.Channels(architecture.Resolution), kernelSize: 1);
        blocks = ModuleList(Enumerable.Range(0, architecture.BlockCount).Select(b =>
        {
            var resolution = architecture.Resolution >> b;
            return new DiscriminatorBlock(architecture.Channels(resolution), architecture.Channels(resolution / 2));
        }).ToArray());
        minibatchDeviation = new MinibatchStandardDeviation(minibatchGroupSize);
        epilogueConv = new EqualizedConv2d(bottomChannels + 1, bottomChannels, kernelSize: 3);
        epilogueDense = new EqualizedLinear(bottomChannels * bottom * bottom, bottomChannels);
        output = new EqualizedLinear(bottomChannels, 1, gain: 1);
        RegisterComponents();
    }

    /// <param name="images">[N, C, R, R] in [−1, 1]</param>
    /// <returns>[N] logits of "real".</returns>
    public override Tensor forward(Tensor images)
    {
        var features = functional.leaky_relu(fromRgb.forward(images), 0.2);             // [N, ch(R), R, R]
        foreach (var block in blocks)
            features = block.forward(features);                                          // [N, ch(4), 4, 4]
        features = minibatchDeviation.forward(features);                                 // [N, ch(4) + 1, 4, 4]
        features = functional.leaky_relu(epilogueConv.forward(features), 0.2);          // [N, ch(4), 4, 4]
        features = functional.leaky_relu(epilogueDense.forward(features.flatten(1)), 0.2);   // [N, ch(4)]
        return output.forward(features).squeeze(1);                                      // [N]
    }

    public void ResetParameters(Generator generator)
    {
        fromRgb.ResetParameters(generator);
        foreach (var block in blocks)
            block.ResetParameters(generator);
        epilogueConv.ResetParameters(generator);
        epilogueDense.ResetParameters(generator);
        output.ResetParameters(generator);
    }
}
