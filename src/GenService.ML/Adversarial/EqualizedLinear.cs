using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Adversarial;

/// <summary>
/// A fully connected layer with the equalised learning rate of Progressive GAN (Karras et al. 2018):
/// weights are stored N(0, 1) and scaled by He's constant gain/√fan_in at every forward pass, so Adam's
/// per-parameter step sizes treat every layer alike. <paramref name="learningRateMultiplier"/> scales
/// weights and bias further (StyleGAN's mapping network uses 0.01).
/// </summary>
public sealed class EqualizedLinear : Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly double weightScale;
    private readonly double learningRateMultiplier;
    private readonly double biasInitialValue;

    public EqualizedLinear(
        int inFeatures,
        int outFeatures,
        double gain = 1.4142135623730951,
        double learningRateMultiplier = 1,
        double biasInitialValue = 0) : base(nameof(EqualizedLinear))
    {
        weight = Parameter(empty(outFeatures, inFeatures));
        bias = Parameter(empty(outFeatures));
        weightScale = gain / Math.Sqrt(inFeatures) * learningRateMultiplier;
        this.learningRateMultiplier = learningRateMultiplier;
        this.biasInitialValue = biasInitialValue;
        RegisterComponents();
        using var generator = new Generator(0);
        ResetParameters(generator);
    }

    /// <summary>Draws the stored weights from N(0, 1/multiplier²), so the effective weights start at He's scale.</summary>
    public void ResetParameters(Generator generator)
    {
        using var noGrad = no_grad();
        weight.normal_(0, 1 / learningRateMultiplier, generator);
        bias.fill_(biasInitialValue / learningRateMultiplier);
    }

    /// <param name="input">[N, in]</param>
    /// <returns>[N, out]</returns>
    public override Tensor forward(Tensor input) =>
        functional.linear(input, weight * weightScale, bias * learningRateMultiplier);
}
