namespace GenService.ML.Adversarial;

/// <summary>How the discriminator (or critic) and the generator are scored against each other.</summary>
public enum AdversarialObjective
{
    /// <summary>Goodfellow et al. 2014, exactly the min-max game: D maximises
    /// E[log D(x)] + E[log(1 − D(G(z)))], G minimises E[log(1 − D(G(z)))]. G's gradient vanishes
    /// while D easily rejects its samples, which is why the paper itself suggests the next one.</summary>
    Minimax,

    /// <summary>Same D; G maximises E[log D(G(z))] instead, with strong gradients early in training.</summary>
    NonSaturating,

    /// <summary>WGAN (Arjovsky et al. 2017): a critic f estimates the Wasserstein-1 distance
    /// E[f(x)] − E[f(G(z))], kept Lipschitz by clipping its weights; several critic steps per G step.</summary>
    Wasserstein,

    /// <summary>WGAN-GP (Gulrajani et al. 2017): the same critic kept 1-Lipschitz by penalising
    /// (‖∇f(x̂)‖ − 1)² on points between real and generated images instead of clipping.</summary>
    WassersteinGradientPenalty,
}

/// <summary>The objectives' names as clients write them.</summary>
public static class AdversarialObjectives
{
    public const string MinimaxName = "minimax";
    public const string NonSaturatingName = "non_saturating";
    public const string WassersteinName = "wgan";
    public const string WassersteinGradientPenaltyName = "wgan_gp";

    /// <summary>In the order of <see cref="AdversarialObjective"/>, so a choice index is the enum value.</summary>
    public static IReadOnlyList<string> Names { get; } = [MinimaxName, NonSaturatingName, WassersteinName, WassersteinGradientPenaltyName];

    public static AdversarialObjective Parse(string name) =>
        Names.ToList().IndexOf(name) is var index and >= 0
            ? (AdversarialObjective)index
            : throw new ArgumentException($"Unknown objective '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>Whether D's output is a logit of "real" (true) or an unbounded critic value (false).</summary>
    public static bool IsWasserstein(this AdversarialObjective objective) =>
        objective is AdversarialObjective.Wasserstein or AdversarialObjective.WassersteinGradientPenalty;
}
