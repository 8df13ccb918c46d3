using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.SuperResolution;

/// <summary>
/// The SRGAN discriminator (Ledig et al. 2017, figure 4): eight 3x3 convolutions whose channels double from
/// 64 to 512 while every second one halves the resolution, LeakyReLU 0.2 throughout and batch norm after all
/// but the first; then a dense layer of 1024, LeakyReLU and a dense layer to one logit (the paper's sigmoid is
/// in the loss). It scores training crops, so it is built for one crop size.
/// </summary>
public sealed class SrganDiscriminator : Module<Tensor, Tensor>
{
    /// <summary>Channel multiples of the seven normalised convolutions, after the first at base width; each
    /// pair is a stride-1 convolution that widens and a stride-2 one that halves.</summary>
    private static readonly (int Multiple, int Stride)[] Layers = [(1, 2), (2, 1), (2, 2), (4, 1), (4, 2), (8, 1), (8, 2)];

    public const int DenseWidth = 1024;

    private readonly Conv2d stem;
    private readonly LeakyReLU stemActivation;
    private readonly Sequential features;
    private readonly Linear dense;
    private readonly LeakyReLU denseActivation;
    private readonly Linear score;

    /// <param name="imageChannels">1 or 3.</param>
    /// <param name="baseChannels">Channels of the first convolutions (the paper's 64); the last have 8 × this.</param>
    /// <param name="cropSize">Side of the square crops it scores.</param>
    public SrganDiscriminator(int imageChannels, int baseChannels, int cropSize) : base(nameof(SrganDiscriminator))
    {
        stem = Conv2d(imageChannels, baseChannels, kernel_size: 3, padding: 1);
        stemActivation = LeakyReLU(DiscriminatorBlock.NegativeSlope);
        var inChannels = baseChannels;
        var modules = new List<(string, Module<Tensor, Tensor>)>();
        foreach (var (multiple, stride) in Layers)
        {
            modules.Add(($"conv{modules.Count + 2}", new DiscriminatorBlock(inChannels, baseChannels * multiple, stride)));
            inChannels = baseChannels * multiple;
        }
        features = Sequential(modules);
        dense = Linear(inChannels * FeatureSize(cropSize) * FeatureSize(cropSize), DenseWidth);
        denseActivation = LeakyReLU(DiscriminatorBlock.NegativeSlope);
        score = Linear(DenseWidth, 1);
        RegisterComponents();
    }

    /// <summary>Side of the last feature map: the crop halved four times, rounding up.</summary>
    public static int FeatureSize(int cropSize)
    {
        var size = cropSize;
        foreach (var (_, stride) in Layers)
            size = (size + stride - 1) / stride;
        return size;
    }

    /// <param name="images">[N, C, S, S] in [0, 1]</param>
    /// <returns>[N] logits of "a real high-resolution image"</returns>
    public override Tensor forward(Tensor images)
    {
        var hidden = stemActivation.forward(stem.forward(images));    // [N, base, S, S]
        hidden = features.forward(hidden);                            // [N, 8 base, S/16, S/16]
        hidden = denseActivation.forward(dense.forward(hidden.flatten(1)));   // [N, 1024]
        return score.forward(hidden).flatten();                       // [N]
    }
}
