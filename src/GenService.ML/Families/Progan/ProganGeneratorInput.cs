using GenService.ML.Adversarial;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Progan;

/// <summary>G's 4x4 level: z normalised by pixel norm, a fully connected layer to a 4x4 map, then a 3x3
/// convolution; LeakyReLU 0.2 and pixel norm after each (Karras et al. 2018, Table 2).</summary>
/// <remarks>
/// The fully connected layer is written as what it is, a 4x4 transposed convolution of z seen as a 1x1
/// image, with the equalised learning rate and one bias per channel as in the official implementation
/// (which also gives it the gain √2/4 of a 4x4 kernel). Unlike a matrix product, whose CPU kernel
/// depends on the batch size, this computes each image alone, so an image is the same bytes in any batch.
/// </remarks>
public sealed class ProganGeneratorInput : Module<Tensor, Tensor>
{
    private const int Size = ProganArchitecture.FirstResolution;

    private readonly int latentDim;
    private readonly PixelNorm normaliseLatent;
    private readonly Parameter projectionWeight;
    private readonly Parameter projectionBias;
    private readonly double projectionScale;
    private readonly LeakyReLU projectionActivation;
    private readonly PixelNorm projectionNorm;
    private readonly EqualizedConv2d convolution;
    private readonly LeakyReLU convolutionActivation;
    private readonly PixelNorm convolutionNorm;

    public ProganGeneratorInput(int latentDim, int channels) : base(nameof(ProganGeneratorInput))
    {
        this.latentDim = latentDim;
        normaliseLatent = new PixelNorm();
        projectionWeight = Parameter(empty(latentDim, channels, Size, Size));
        projectionBias = Parameter(zeros(channels));
        projectionScale = Math.Sqrt(2) / 4 / Math.Sqrt(latentDim);
        projectionActivation = LeakyReLU(0.2);
        projectionNorm = new PixelNorm();
        convolution = new EqualizedConv2d(channels, channels, kernelSize: 3);
        convolutionActivation = LeakyReLU(0.2);
        convolutionNorm = new PixelNorm();
        RegisterComponents();
        using var generator = new Generator(0);
        ResetParameters(generator);
    }

    /// <summary>Draws the projection's stored weights N(0, 1) and zeroes its bias; the convolution is a
    /// module of its own and resets itself.</summary>
    public void ResetParameters(Generator generator)
    {
        using var noGrad = no_grad();
        projectionWeight.normal_(0, 1, generator);
        projectionBias.zero_();
    }

    /// <param name="latents">[N, latent]</param>
    /// <returns>[N, channels, 4, 4]</returns>
    public override Tensor forward(Tensor latents)
    {
        var z = normaliseLatent.forward(latents).view(-1, latentDim, 1, 1);                                  // [N, latent, 1, 1]
        var features = functional.conv_transpose2d(z, projectionWeight * projectionScale, projectionBias);    // [N, ch, 4, 4]
        features = projectionNorm.forward(projectionActivation.forward(features));
        return convolutionNorm.forward(convolutionActivation.forward(convolution.forward(features)));
    }
}
