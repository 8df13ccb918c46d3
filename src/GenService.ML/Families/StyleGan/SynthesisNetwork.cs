using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.StyleGan;

/// <summary>
/// StyleGAN's synthesis network g: a learned constant 4x4 input (no latent enters at the bottom: all
/// content comes from the styles), a 3x3 layer and toRGB at 4x4, then one <see cref="SynthesisBlock"/>
/// per doubling up to the output resolution.
/// </summary>
/// <remarks>
/// Style index s feeds: 0 the 4x4 layer; 1 the 4x4 toRGB and block 1's first layer; then per block b ≥ 1:
/// 2b its second layer, 2b + 1 its toRGB and block b + 1's first layer (StyleGAN2's num_ws). Noise input
/// 0 is the 4x4 layer's, 2b − 1 and 2b are block b's.
/// </remarks>
public sealed class SynthesisNetwork : Module<Tensor, IReadOnlyList<Tensor>, Tensor>
{
    private readonly Parameter constant;
    private readonly SynthesisLayer inputLayer;
    private readonly ToRgbLayer inputToRgb;
    private readonly ModuleList<SynthesisBlock> blocks;

    public SynthesisNetwork(StyleGanArchitecture architecture) : base(nameof(SynthesisNetwork))
    {
        var (wDim, imageChannels) = (architecture.WDim, architecture.Shape.Channels);
        var bottom = StyleGanArchitecture.InputResolution;
        constant = Parameter(empty(architecture.Channels(bottom), bottom, bottom));
        inputLayer = new SynthesisLayer(architecture.Channels(bottom), architecture.Channels(bottom), wDim, bottom, upsample: false);
        inputToRgb = new ToRgbLayer(architecture.Channels(bottom), imageChannels, wDim);
        blocks = ModuleList(Enumerable.Range(1, architecture.BlockCount).Select(b =>
        {
            var resolution = bottom << b;
            return new SynthesisBlock(architecture.Channels(resolution / 2), architecture.Channels(resolution), imageChannels, wDim, resolution);
        }).ToArray());
        NoiseResolutions = [bottom, .. Enumerable.Range(1, architecture.BlockCount).SelectMany(b => new[] { bottom << b, bottom << b })];
        RegisterComponents();
    }

    /// <summary>Width and height of each noise input, in order.</summary>
    public IReadOnlyList<int> NoiseResolutions { get; }

    /// <param name="styles">[N, L, W]: one w per style index.</param>
    /// <param name="noise">One [N, 1, r, r] map per entry of <see cref="NoiseResolutions"/>.</param>
    /// <returns>[N, C, R, R], roughly in [−1, 1].</returns>
    public override Tensor forward(Tensor styles, IReadOnlyList<Tensor> noise)
    {
        var count = styles.shape[0];
        var features = constant.unsqueeze(0).expand(count, -1, -1, -1);                // [N, ch(4), 4, 4]
        features = inputLayer.forward(features, styles[.., 0], noise[0]);
        var image = inputToRgb.forward(features, styles[.., 1]);                          // [N, C, 4, 4]
        for (var b = 1; b <= blocks.Count; b++)
        {
            var blockStyles = styles.narrow(1, 2 * b - 1, SynthesisBlock.StylesPerBlock);   // [N, 3, W]
            (features, image) = blocks[b - 1].forward(features, image, blockStyles, noise[2 * b - 1], noise[2 * b]);
        }
        return image;
    }

    public void ResetParameters(Generator generator)
    {
        using var noGrad = no_grad();
        constant.normal_(0, 1, generator);
        inputLayer.ResetParameters(generator);
        inputToRgb.ResetParameters(generator);
        foreach (var block in blocks)
            block.ResetParameters(generator);
    }
}
