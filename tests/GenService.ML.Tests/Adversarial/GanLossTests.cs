using GenService.ML.Adversarial;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Adversarial;

public sealed class GanLossTests
{
    public GanLossTests() => _ = TestTorch.Runtime;

    [Fact]
    public void Minimax_G_loss_is_the_mean_of_log_1_minus_D_of_the_fakes()
    {
        using var scope = NewDisposeScope();
        var fakes = tensor(new float[] { -3, -0.5f, 0, 2 }).reshape(4, 1, 1, 1);

        var loss = new GanLoss(AdversarialObjective.Minimax).Generator(Scores, fakes);
        var nonSaturating = new GanLoss(AdversarialObjective.NonSaturating).Generator(Scores, fakes);

        var d = new[] { -3.0, -0.5, 0, 2 }.Select(s => 1 / (1 + Math.Exp(-s))).ToArray();
        Assert.Equal(d.Average(p => Math.Log(1 - p)), loss.item<float>(), 5);
        Assert.Equal(d.Average(p => -Math.Log(p)), nonSaturating.item<float>(), 5);
    }

    [Fact]
    public void Wgan_gp_adds_lambda_times_the_penalty_and_the_drift_term_to_the_critic_loss()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        var weight = UnitVector(12) * 3;    // slope 3: the penalty is (3 − 1)² = 4 everywhere
        Tensor Critic(Tensor images) => images.flatten(1).matmul(weight);
        var (real, fake) = (rand(5, 3, 2, 2, generator: generator), rand(5, 3, 2, 2, generator: generator));

        var terms = new GanLoss(AdversarialObjective.WassersteinGradientPenalty, gradientPenaltyWeight: 10, driftWeight: 0.001)
            .Discriminator(Critic, real, fake, generator);

        var wasserstein = Critic(fake).mean().item<float>() - Critic(real).mean().item<float>();
        var drift = Critic(real).square().mean().item<float>();
        Assert.Equal(4, terms.GradientPenalty!.item<float>(), 4);
        Assert.Equal(drift, terms.Drift!.item<float>(), 5);
        Assert.Equal(wasserstein + 10 * 4 + 0.001 * drift, terms.Loss.item<float>(), 3);
    }

    [Fact]
    public void The_classic_and_clipped_objectives_add_no_penalty()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        var (real, fake) = (rand(4, 1, 1, 1, generator: generator), rand(4, 1, 1, 1, generator: generator));

        foreach (var objective in new[] { AdversarialObjective.Minimax, AdversarialObjective.NonSaturating, AdversarialObjective.Wasserstein })
        {
            var terms = new GanLoss(objective).Discriminator(Scores, real, fake, generator);

            Assert.Null(terms.GradientPenalty);
            Assert.Null(terms.Drift);
            Assert.Equal(AdversarialLosses.Discriminator(objective, Scores(real), Scores(fake)).item<float>(), terms.Loss.item<float>());
        }
    }

    [Fact]
    public void Metrics_name_the_discriminators_accuracy_or_the_critics_wasserstein_estimate()
    {
        using var scope = NewDisposeScope();
        var real = tensor(new float[] { 2, 1, -1, 3 });    // three of four called real
        var fake = tensor(new float[] { -2, -1, 0.5f, -3 });    // three of four called fake

        var classic = ScoreMetrics.Of(AdversarialObjective.NonSaturating, real, fake);
        var critic = ScoreMetrics.Of(AdversarialObjective.Wasserstein, real, fake);

        Assert.Equal(0.75, classic["d_accuracy"], 10);
        Assert.True(classic["d_real"] > 0.5 && classic["d_fake"] < 0.5);
        Assert.Equal(1.25 - (-1.375), critic["wasserstein_estimate"], 6);
    }

    /// <summary>A "discriminator" whose score is the image's single pixel.</summary>
    private static Tensor Scores(Tensor images) => images.flatten();

    private static Tensor UnitVector(int size)
    {
        using var generator = new Generator(3);
        var vector = randn(size, generator: generator);
        return vector / vector.norm();
    }
}
