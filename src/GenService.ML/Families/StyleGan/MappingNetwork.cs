using GenService.ML.Adversarial;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.StyleGan;

/// <summary>
/// StyleGAN's mapping network f: Z → W (Karras et al. 2019): z normalised to unit second moment, then a
/// stack of fully connected layers with leaky ReLU. W need not follow the fixed shape of the prior, so it
/// can untangle the factors of variation. It also keeps the running average w̄ that the truncation trick
/// pulls styles towards.
/// </summary>
public sealed class MappingNetwork : Module<Tensor, Tensor>
{
    /// <summary>The paper's learning-rate multiplier of the mapping layers: they learn 100x slower than the
    /// synthesis network, which keeps W from drifting while the synthesis network adapts to it.</summary>
    public const double LearningRateMultiplier = 0.01;

    private readonly PixelNorm normalise;
    private readonly ModuleList<EqualizedLinear> layers;

    /// <summary>w̄, a buffer: saved with the weights and copied (not averaged) into the weight EMA.</summary>
    private readonly Tensor averageW;

    public MappingNetwork(int wDim, int layerCount) : base(nameof(MappingNetwork))
    {
        normalise = new PixelNorm();
        layers = ModuleList(Enumerable.Range(0, layerCount)
            .Select(_ => new EqualizedLinear(wDim, wDim, learningRateMultiplier: LearningRateMultiplier)).ToArray());
        averageW = zeros(wDim);
        RegisterComponents();
    }

    /// <summary>The running average of w seen in training, [W].</summary>
    public Tensor AverageW => averageW;

    /// <param name="latents">z, [N, W]</param>
    /// <returns>w, [N, W]</returns>
    public override Tensor forward(Tensor latents)
    {
        var features = normalise.forward(latents);
        foreach (var layer in layers)
            features = functional.leaky_relu(layer.forward(features), 0.2);   // the √2 gain sits in the layer's weight scale
        return features;
    }

    /// <summary>w̄ ← β·w̄ + (1 − β)·mean(w) over a training minibatch (the paper's β = 0.995).</summary>
    public void TrackAverage(Tensor w, double beta)
    {
        using var noGrad = no_grad();
        averageW.lerp_(w.detach().mean([0]), 1 - beta);
    }

    /// <summary>The truncation trick: w' = w̄ + ψ(w − w̄).</summary>
    /// <param name="w">[N, W]</param>
    public Tensor Truncate(Tensor w, double psi) => psi == 1 ? w : averageW.lerp(w, psi);

    public void ResetParameters(Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var layer in layers)
            layer.ResetParameters(generator);
        averageW.zero_();
    }
}
