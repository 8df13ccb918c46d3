using static TorchSharp.torch;

namespace GenService.ML.Adversarial;

/// <summary>
/// What D's scores of real and generated images say about training, under the same names for training
/// steps and held-out evaluation: for the classic objectives D's mean probability of "real" on each and
/// its accuracy; for the Wasserstein objectives the critic's estimate of the Wasserstein-1 distance.
/// </summary>
public static class ScoreMetrics
{
    public const string DiscriminatorLossName = "loss_d";
    public const string GeneratorLossName = "loss_g";
    public const string RealProbabilityName = "d_real";
    public const string FakeProbabilityName = "d_fake";
    public const string AccuracyName = "d_accuracy";
    public const string WassersteinEstimateName = "wasserstein_estimate";
    public const string GradientPenaltyName = "gradient_penalty";
    public const string DriftName = "drift";

    /// <param name="realScores">[N] scores of real images.</param>
    /// <param name="fakeScores">[M] scores of generated images.</param>
    public static Dictionary<string, double> Of(AdversarialObjective objective, Tensor realScores, Tensor fakeScores)
    {
        using var scope = NewDisposeScope();
        var real = realScores.detach().to_type(ScalarType.Float64);
        var fake = fakeScores.detach().to_type(ScalarType.Float64);
        if (objective.IsWasserstein())
            return new Dictionary<string, double>(StringComparer.Ordinal)
            {
                // E f(x) − E f(G(z)): the critic's lower bound on W1, which falls as G improves.
                [WassersteinEstimateName] = real.mean().item<double>() - fake.mean().item<double>(),
            };
        // A logit above 0 means D(x) > ½: D calls the image real.
        var accuracy = (real.gt(0).to_type(ScalarType.Float64).mean() + fake.le(0).to_type(ScalarType.Float64).mean()) / 2;
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [RealProbabilityName] = real.sigmoid().mean().item<double>(),
            [FakeProbabilityName] = fake.sigmoid().mean().item<double>(),
            [AccuracyName] = accuracy.item<double>(),
        };
    }
}
