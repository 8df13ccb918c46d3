using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.TextGan;

/// <summary>
/// StackGAN's conditioning augmentation (Zhang et al. 2017, section 3.1): a fully connected layer reads μ and log σ²
/// off the text embedding, and the condition is drawn as ĉ = μ + σ ⊙ ε, ε ~ N(0, I), so that a few captions cover a
/// smooth neighbourhood of conditions. <see cref="KlDivergence"/> keeps N(μ, σ²) near N(0, I).
/// </summary>
/// <remarks>As in the reference code (StackGAN-Pytorch's CA_NET), the layer's output passes a ReLU before it is split.</remarks>
public sealed class ConditioningAugmentation : Module<Tensor, Tensor, (Tensor Condition, Tensor Mean, Tensor LogVariance)>
{
    private readonly Linear project;
    private readonly ReLU activation;
    private readonly int conditionDim;

    public ConditioningAugmentation(int textDim, int conditionDim) : base(nameof(ConditioningAugmentation))
    {
        project = Linear(textDim, conditionDim * 2);
        activation = ReLU();
        this.conditionDim = conditionDim;
        RegisterComponents();
    }

    /// <param name="embeddings">[N, text] text embeddings.</param>
    /// <param name="noise">[N, condition] ε ~ N(0, I).</param>
    /// <returns>ĉ, μ and log σ², each [N, condition].</returns>
    public override (Tensor Condition, Tensor Mean, Tensor LogVariance) forward(Tensor embeddings, Tensor noise)
    {
        var statistics = activation.forward(project.forward(embeddings));
        var mean = statistics.narrow(1, 0, conditionDim);
        var logVariance = statistics.narrow(1, conditionDim, conditionDim);
        return (mean + (noise * (logVariance * 0.5).exp()), mean, logVariance);
    }

    /// <summary>D_KL(N(μ, σ²) ‖ N(0, I)) per dimension of the condition: ½ (μ² + σ² − 1 − log σ²) averaged over the
    /// condition and the batch. The authors' code (StackGAN's TensorFlow and PyTorch trainers) averages over the
    /// condition too, so their λ = 1 weighs this mean, not the sum the paper's formula writes: the sum would be
    /// condition_dim (128) times heavier.</summary>
    /// <returns>A scalar.</returns>
    public static Tensor KlDivergence(Tensor mean, Tensor logVariance) =>
        ((mean.pow(2) + logVariance.exp() - 1 - logVariance) * 0.5).mean();
}
