using GenService.ML.Adversarial;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Adversarial;

public sealed class AdversarialLossesTests
{
    public AdversarialLossesTests() => _ = TestTorch.Runtime;

    [Fact]
    public void The_classic_discriminator_loss_is_the_cross_entropy_of_real_against_fake()
    {
        using var scope = NewDisposeScope();
        var real = tensor(new[] { 2f, -1f });
        var fake = tensor(new[] { 0.5f, -3f });

        var loss = AdversarialLosses.Discriminator(AdversarialObjective.Minimax, real, fake).item<float>();

        // −E log σ(real) − E log(1 − σ(fake)), from the lecture's definition.
        var expected = -Mean(real, s => Math.Log(Sigmoid(s))) - Mean(fake, s => Math.Log(1 - Sigmoid(s)));
        Assert.Equal(expected, loss, 5);
    }

    [Fact]
    public void The_minimax_generator_minimises_log_one_minus_D_and_the_non_saturating_one_maximises_log_D()
    {
        using var scope = NewDisposeScope();
        var fake = tensor(new[] { 1.5f, -0.5f });

        var minimax = AdversarialLosses.Generator(AdversarialObjective.Minimax, fake).item<float>();
        var nonSaturating = AdversarialLosses.Generator(AdversarialObjective.NonSaturating, fake).item<float>();

        Assert.Equal(Mean(fake, s => Math.Log(1 - Sigmoid(s))), minimax, 5);
        Assert.Equal(-Mean(fake, s => Math.Log(Sigmoid(s))), nonSaturating, 5);
    }

    [Fact]
    public void The_minimax_generator_saturates_where_D_rejects_its_samples_and_the_non_saturating_one_does_not()
    {
        using var scope = NewDisposeScope();

        var minimax = GradientAt(AdversarialObjective.Minimax, -10);
        var nonSaturating = GradientAt(AdversarialObjective.NonSaturating, -10);

        Assert.True(Math.Abs(minimax) < 1e-4, $"minimax gradient {minimax}");
        Assert.True(Math.Abs(nonSaturating) > 0.99, $"non-saturating gradient {nonSaturating}");
    }

    [Fact]
    public void The_wasserstein_losses_are_the_critic_value_differences()
    {
        using var scope = NewDisposeScope();
        var real = tensor(new[] { 3f, 5f });
        var fake = tensor(new[] { -1f, 1f, 3f });

        Assert.Equal(1f - 4f, AdversarialLosses.Discriminator(AdversarialObjective.Wasserstein, real, fake).item<float>(), 5);
        Assert.Equal(-1f, AdversarialLosses.Generator(AdversarialObjective.WassersteinGradientPenalty, fake).item<float>(), 5);
    }

    [Fact]
    public void The_classic_losses_stay_finite_where_the_sigmoid_saturates()
    {
        using var scope = NewDisposeScope();
        var extreme = tensor(new[] { -200f, 200f });

        Assert.True(float.IsFinite(AdversarialLosses.Discriminator(AdversarialObjective.Minimax, extreme, extreme).item<float>()));
        Assert.True(float.IsFinite(AdversarialLosses.Generator(AdversarialObjective.NonSaturating, extreme).item<float>()));
    }

    [Fact]
    public void Objectives_parse_from_their_names_in_enum_order()
    {
        Assert.Equal(
            Enum.GetValues<AdversarialObjective>(),
            AdversarialObjectives.Names.Select(AdversarialObjectives.Parse));
        Assert.Throws<ArgumentException>(() => AdversarialObjectives.Parse("hinge"));
    }

    private static double GradientAt(AdversarialObjective objective, float score)
    {
        var fake = tensor(new[] { score }).requires_grad_(true);
        AdversarialLosses.Generator(objective, fake).backward();
        return fake.grad!.item<float>();
    }

    private static double Sigmoid(double s) => 1 / (1 + Math.Exp(-s));

    private static double Mean(Tensor values, Func<double, double> f) => values.data<float>().ToArray().Average(v => f(v));
}
