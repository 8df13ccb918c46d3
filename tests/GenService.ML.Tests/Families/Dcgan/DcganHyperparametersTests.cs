using System.Text.Json;
using GenService.ML.Adversarial;
using GenService.ML.Families;
using GenService.ML.Families.Dcgan;

namespace GenService.ML.Tests.Families.Dcgan;

public sealed class DcganHyperparametersTests
{
    [Theory]
    [InlineData(null, AdversarialObjective.NonSaturating, 2e-4, 0.5, 0.999, 128, 1)]
    [InlineData("minimax", AdversarialObjective.Minimax, 2e-4, 0.5, 0.999, 128, 1)]
    [InlineData("wgan", AdversarialObjective.Wasserstein, 5e-5, 0.5, 0.999, 64, 5)]
    [InlineData("wgan_gp", AdversarialObjective.WassersteinGradientPenalty, 1e-4, 0, 0.9, 64, 5)]
    public void A_run_that_sets_only_the_objective_gets_its_papers_settings(
        string? objective, AdversarialObjective expected, double learningRate, double beta1, double beta2, int batchSize, int criticSteps)
    {
        var supplied = objective is null
            ? null
            : new Dictionary<string, JsonElement> { [DcganHyperparameters.ObjectiveName] = JsonSerializer.SerializeToElement(objective) };

        var values = DcganHyperparameters.From(Hyperparameters.Validate(DcganHyperparameters.Specs, supplied, out var errors));

        Assert.Empty(errors);
        Assert.Equal((expected, learningRate, beta1, beta2, batchSize, criticSteps),
            (values.Objective, values.LearningRate, values.Beta1, values.Beta2, values.BatchSize, values.CriticSteps));
        Assert.Equal((100, 0.01, 10.0), (values.LatentDim, values.ClipLimit, values.GradientPenaltyWeight));
    }

    [Fact]
    public void Every_default_under_every_objective_is_within_its_range()
    {
        foreach (var spec in DcganHyperparameters.Specs)
        {
            Assert.InRange(spec.Default, spec.Minimum, spec.Maximum);
            if (spec.DefaultsByChoice is { } defaults)
            {
                Assert.Equal(AdversarialObjectives.Names.Order(), defaults.Values.Keys.Order());
                Assert.All(defaults.Values.Values, value => Assert.InRange(value, spec.Minimum, spec.Maximum));
                Assert.Equal(defaults.Values[AdversarialObjectives.NonSaturatingName], spec.Default);
            }
        }
    }

    [Theory]
    [InlineData("wgan", 0, 100)]
    [InlineData("wgan", 24, 100)]
    [InlineData("wgan", 25, 5)]
    [InlineData("wgan", 499, 5)]
    [InlineData("wgan", 500, 100)]
    [InlineData("wgan", 501, 5)]
    [InlineData("wgan", 1000, 100)]
    [InlineData("wgan_gp", 0, 5)]
    [InlineData("wgan_gp", 500, 5)]
    [InlineData("non_saturating", 0, 1)]
    public void The_clipped_critic_catches_up_for_Gs_first_25_steps_and_every_500th_as_in_Arjovsky_et_als_code(
        string objective, long step, int criticSteps)
    {
        var supplied = new Dictionary<string, JsonElement> { [DcganHyperparameters.ObjectiveName] = JsonSerializer.SerializeToElement(objective) };

        var values = DcganHyperparameters.From(Hyperparameters.Validate(DcganHyperparameters.Specs, supplied, out _));

        Assert.Equal(criticSteps, values.CriticStepsAt(step));
    }
}
