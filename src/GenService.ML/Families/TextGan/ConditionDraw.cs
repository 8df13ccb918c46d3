namespace GenService.ML.Families.TextGan;

/// <summary>How a drawing takes conditioning augmentation's condition.</summary>
public enum ConditionDraw
{
    /// <summary>
    /// ĉ = μ, ε unused: how a model and a run's previews draw. The augmentation's ReLU keeps σ at 1 or more while the KL
    /// term pulls μ towards 0, so a sampled ĉ is mostly noise; stage I's class rate on held-out captions rose from
    /// 0.26-0.35 sampled to 0.335-0.55 with μ in every pilot (issue 16, tests/GenService.Benchmarks/README.md).
    /// </summary>
    Mean,

    /// <summary>ĉ = μ + σ ⊙ ε: how training draws (the augmentation's point), and how StackGAN's reference code draws at
    /// test time too.</summary>
    Sampled,
}
