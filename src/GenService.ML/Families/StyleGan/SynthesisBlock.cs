using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.StyleGan;

/// <summary>
/// One resolution step of the synthesis network: two 3x3 layers, the first upsampling, then a toRGB whose
/// image is added to the upsampled image of the previous block (StyleGAN2's skip generator).
/// </summary>
public sealed class SynthesisBlock : Module<Tensor, Tensor, Tensor, Tensor, Tensor, (Tensor Features, Tensor Image)>
{
    /// <summary>Styles a block takes: one per 3x3 layer and one for its toRGB.</summary>
    public const int StylesPerBlock = 3;

    private readonly SynthesisLayer conv0;
    private readonly SynthesisLayer conv1;
    private readonly ToRgbLayer toRgb;

    public SynthesisBlock(int inChannels, int outChannels, int imageChannels, int wDim, int resolution) : base(nameof(SynthesisBlock))
    {
        conv0 = new SynthesisLayer(inChannels, outChannels, wDim, resolution, upsample: true);
        conv1 = new SynthesisLayer(outChannels, outChannels, wDim, resolution, upsample: false);
        toRgb = new ToRgbLayer(outChannels, imageChannels, wDim);
        RegisterComponents();
    }

    /// <param name="features">[N, in, R/2, R/2]</param>
    /// <param name="image">[N, C, R/2, R/2]: the image so far.</param>
    /// <param name="styles">[N, 3, W]: for conv0, conv1 and toRGB.</param>
    /// <param name="noise0">[N, 1, R, R]</param>
    /// <param name="noise1">[N, 1, R, R]</param>
    /// <returns>Features [N, out, R, R] and image [N, C, R, R].</returns>
    public override (Tensor Features, Tensor Image) forward(Tensor features, Tensor image, Tensor styles, Tensor noise0, Tensor noise1)
    {
        features = conv0.forward(features, styles[.., 0], noise0);                     // [N, out, R, R]
        features = conv1.forward(features, styles[.., 1], noise1);                     // [N, out, R, R]
        image = Resampling.Upsample(image) + toRgb.forward(features, styles[.., 2]);   // [N, C, R, R]
        return (features, image);
    }

    public void ResetParameters(Generator generator)
    {
        conv0.ResetParameters(generator);
        conv1.ResetParameters(generator);
        toRgb.ResetParameters(generator);
    }
}
