using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Spade;

/// <summary>
/// SPADE, spatially-adaptive (de)normalisation (Park et al. 2019, eq. 1): the features are normalised without learned
/// parameters, then scaled and shifted per pixel by γ and β that a small convolutional network predicts from the label
/// map, resized by nearest neighbour to the features' size. Unlike batch norm's per-channel γ and β, these keep the
/// layout of the map, which normalisation would otherwise wash out.
/// </summary>
/// <remarks>γ is predicted as 1 + the network's output, as in the reference implementation (an untrained layer starts as
/// plain normalisation); the output is γ ⊙ x̂ + β.</remarks>
public sealed class SpadeNormalisation : Module<Tensor, Tensor, Tensor>
{
    private const double NormalisationEpsilon = 1e-5;

    private readonly Module<Tensor, Tensor> normalisation;
    private readonly Conv2d shared;
    private readonly Conv2d gamma;
    private readonly Conv2d beta;

    public SpadeNormalisation(int channels, int labelChannels, int hidden, SpadeNormalisationKind kind) : base(nameof(SpadeNormalisation))
    {
        normalisation = kind == SpadeNormalisationKind.Batch
            ? BatchNorm2d(channels, eps: NormalisationEpsilon, affine: false)
            : InstanceNorm2d(channels, eps: NormalisationEpsilon, affine: false);
        shared = Conv2d(labelChannels, hidden, kernel_size: 3, padding: 1);
        gamma = Conv2d(hidden, channels, kernel_size: 3, padding: 1);
        beta = Conv2d(hidden, channels, kernel_size: 3, padding: 1);
        RegisterComponents();
    }

    /// <summary>γ and β for features of this size.</summary>
    /// <param name="labels">[N, L, H, W] one-hot label map (<see cref="OneHotLabels"/>).</param>
    /// <returns>Each [N, channels, height, width].</returns>
    public (Tensor Gamma, Tensor Beta) Modulation(Tensor labels, long height, long width)
    {
        var resized = functional.interpolate(labels, size: [height, width], mode: InterpolationMode.Nearest);
        var hidden = functional.relu(shared.forward(resized));                  // [N, hidden, H, W]
        return (gamma.forward(hidden) + 1, beta.forward(hidden));
    }

    /// <param name="features">[N, C, H, W]</param>
    /// <param name="labels">[N, L, S, S] one-hot, at the image's size.</param>
    /// <returns>[N, C, H, W]</returns>
    public override Tensor forward(Tensor features, Tensor labels)
    {
        var (scale, shift) = Modulation(labels, features.shape[2], features.shape[3]);
        return normalisation.forward(features) * scale + shift;
    }
}
