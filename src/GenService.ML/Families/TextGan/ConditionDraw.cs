namespace GenService.ML.Families.TextGan;

/// <summary>How a drawing takes conditioning augmentation's condition.</summary>
public enum ConditionDraw
{
    /// <summary>
    /// ĉ = μ, ε unused: how a model and a run's previews draw. The augmentation's ReLU keeps σ at 1 or more, so a sampled
    /// ĉ is noisier than μ: stage I's class rate on held-out captions is 0.685 sampled against 0.777 with μ at the
    /// defaults, and was 0.26-0.35 against 0.335-0.55 in the pilots, before the KL term was averaged over the condition
    /// (issue 16, tests/GenService.Benchmarks/README.md).
    /// </summary>
    Mean,

    /// <summary>ĉ = μ + σ ⊙ ε: how training draws (the augmentation's point), and how StackGAN's reference code draws at
    /// test time too.</summary>
    Sampled,
}
