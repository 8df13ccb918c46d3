using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Adversarial;

/// <summary>What one discriminator (critic) step computed: the loss it minimises and its parts.</summary>
/// <param name="RealScores">[N] D's scores of the training images.</param>
/// <param name="FakeScores">[N] D's scores of the generated images.</param>
/// <param name="GradientPenalty">E[(‖∇D(x̂)‖ − 1)²] before weighting; null unless the objective is WGAN-GP.</param>
/// <param name="Drift">E[D(x)²] before weighting; null without a drift term.</param>
public sealed record DiscriminatorTerms(
    AdversarialObjective Objective, Tensor Loss, Tensor RealScores, Tensor FakeScores, Tensor? GradientPenalty, Tensor? Drift)
{
    /// <summary>The scalars worth reporting, by name (see <see cref="ScoreMetrics"/>).</summary>
    public Dictionary<string, double> Metrics()
    {
        var metrics = ScoreMetrics.Of(Objective, RealScores, FakeScores);
        metrics[ScoreMetrics.DiscriminatorLossName] = Loss.item<float>();
        if (GradientPenalty is not null)
            metrics[ScoreMetrics.GradientPenaltyName] = GradientPenalty.item<float>();
        if (Drift is not null)
            metrics[ScoreMetrics.DriftName] = Drift.item<float>();
        return metrics;
    }
}

/// <summary>
/// Both players' losses for one objective, one entry point per training phase, with the regularisers
/// that modify D's loss written beside it: WGAN-GP's gradient penalty (Gulrajani et al. 2017) and
/// Progressive GAN's drift term (Karras et al. 2018). Weight clipping is not a loss term; trainers
/// apply <see cref="WeightClipping"/> after D's step.
/// </summary>
/// <param name="gradientPenaltyWeight">λ, used by <see cref="AdversarialObjective.WassersteinGradientPenalty"/> only.</param>
/// <param name="driftWeight">ε_drift: D's loss adds ε_drift·E[D(x)²], which keeps a critic's scores from
/// drifting far from zero (the Wasserstein loss only fixes their differences); 0 leaves it out.</param>
public sealed class GanLoss(AdversarialObjective objective, double gradientPenaltyWeight = GradientPenalty.PaperWeight, double driftWeight = 0)
{
    public AdversarialObjective Objective => objective;

    /// <param name="discriminator">Maps images [N, C, H, W] to scores [N].</param>
    /// <param name="real">[N, C, H, W] training images.</param>
    /// <param name="fake">[N, C, H, W] generated images; detached here, so D's loss never trains G.</param>
    /// <param name="generator">Draws the gradient penalty's interpolation weights.</param>
    public DiscriminatorTerms Discriminator(Func<Tensor, Tensor> discriminator, Tensor real, Tensor fake, Generator generator)
    {
        var realScores = discriminator(real);
        var fakeScores = discriminator(fake.detach());
        var loss = AdversarialLosses.Discriminator(objective, realScores, fakeScores);
        Tensor? penalty = null;
        Tensor? drift = null;
        if (objective == AdversarialObjective.WassersteinGradientPenalty)
        {
            penalty = GradientPenalty.Compute(discriminator, real, fake, generator);
            loss = loss + gradientPenaltyWeight * penalty;
        }
        if (driftWeight > 0)
        {
            drift = realScores.square().mean();
            loss = loss + driftWeight * drift;
        }
        return new DiscriminatorTerms(objective, loss, realScores, fakeScores, penalty, drift);
    }

    /// <param name="discriminator">Maps images [N, C, H, W] to scores [N].</param>
    /// <param name="fake">[N, C, H, W] generated images, still attached to G's graph.</param>
    /// <returns>Scalar loss of G.</returns>
    public Tensor Generator(Func<Tensor, Tensor> discriminator, Tensor fake) =>
        AdversarialLosses.Generator(objective, discriminator(fake));
}
