using GenService.ML.Adversarial;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Spade;

/// <summary>
/// SPADE ResBlk (Park et al. 2019, figure 4): twice SPADE, LeakyReLU(0.2) and a spectrally normalised 3x3 convolution,
/// added to the input. When the width changes, the shortcut learns it too (SPADE, then a 1x1 convolution without bias).
/// The middle width is the smaller of the two, as in the reference.
/// </summary>
public sealed class SpadeResidualBlock : Module<Tensor, Tensor, Tensor>
{
    private const double NegativeSlope = 0.2;

    private readonly SpadeNormalisation norm0;
    private readonly SpectralNormConv2d conv0;
    private readonly SpadeNormalisation norm1;
    private readonly SpectralNormConv2d conv1;
    private readonly SpadeNormalisation? shortcutNorm;
    private readonly SpectralNormConv2d? shortcutConv;

    public SpadeResidualBlock(int inChannels, int outChannels, SpadeArchitecture architecture) : base(nameof(SpadeResidualBlock))
    {
        var middle = Math.Min(inChannels, outChannels);
        SpadeNormalisation Spade(int channels) =>
            new(channels, architecture.LabelChannels, architecture.SpadeHidden, architecture.Normalisation);
        norm0 = Spade(inChannels);
        conv0 = new SpectralNormConv2d(inChannels, middle, kernelSize: 3, padding: 1);
        norm1 = Spade(middle);
        conv1 = new SpectralNormConv2d(middle, outChannels, kernelSize: 3, padding: 1);
        if (inChannels != outChannels)
        {
            shortcutNorm = Spade(inChannels);
            shortcutConv = new SpectralNormConv2d(inChannels, outChannels, kernelSize: 1, bias: false);
        }
        RegisterComponents();
    }

    public bool LearnsShortcut => shortcutConv is not null;

    /// <param name="features">[N, in, H, W]</param>
    /// <param name="labels">[N, L, S, S] one-hot, at the image's size.</param>
    /// <returns>[N, out, H, W]</returns>
    public override Tensor forward(Tensor features, Tensor labels)
    {
        var shortcut = shortcutConv is null ? features : shortcutConv.forward(shortcutNorm!.forward(features, labels));
        var residual = conv0.forward(functional.leaky_relu(norm0.forward(features, labels), NegativeSlope));
        residual = conv1.forward(functional.leaky_relu(norm1.forward(residual, labels), NegativeSlope));
        return shortcut + residual;
    }
}
