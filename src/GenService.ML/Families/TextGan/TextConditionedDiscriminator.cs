using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.TextGan;

/// <summary>
/// Reed et al. 2016's discriminator: the DCGAN trunk takes the image down to 4x4; the text embedding is projected to a
/// small width with a leaky ReLU, replicated over the 4x4 grid and concatenated in depth; a 1x1 convolution (with batch
/// norm, as StackGAN's) and a 4x4 convolution give the logit that image and text are a real, matching pair.
/// </summary>
public sealed class TextConditionedDiscriminator : Module<Tensor, Tensor, Tensor>
{
    private const double NegativeSlope = 0.2;

    private readonly DownsamplingTrunk trunk;
    private readonly Linear projectText;
    private readonly Conv2d joint;
    private readonly BatchNorm2d jointNormalisation;
    private readonly Conv2d score;
    private readonly LeakyReLU activation;

    public TextConditionedDiscriminator(ImageShape shape, int baseChannels, int textDim, int projectedDim) : base(nameof(TextConditionedDiscriminator))
    {
        trunk = new DownsamplingTrunk(shape.Channels, shape.Height, baseChannels);
        projectText = Linear(textDim, projectedDim);
        joint = Conv2d(trunk.OutputChannels + projectedDim, trunk.OutputChannels, kernel_size: 1, bias: false);
        jointNormalisation = BatchNorm2d(trunk.OutputChannels);
        score = Conv2d(trunk.OutputChannels, 1, kernel_size: DownsamplingTrunk.BottomSize);
        activation = LeakyReLU(NegativeSlope);
        RegisterComponents();
    }

    /// <param name="images">[N, C, S, S] in [−1, 1]</param>
    /// <param name="embeddings">[N, text]</param>
    /// <returns>[N] logits</returns>
    public override Tensor forward(Tensor images, Tensor embeddings)
    {
        var features = trunk.forward(images);                                                       // [N, ch, 4, 4]
        var text = activation.forward(projectText.forward(embeddings));                              // [N, projected]
        var grid = text.unsqueeze(-1).unsqueeze(-1).expand(-1, -1, features.shape[2], features.shape[3]);
        var both = activation.forward(jointNormalisation.forward(joint.forward(cat([features, grid], 1))));
        return score.forward(both).flatten();
    }
}
