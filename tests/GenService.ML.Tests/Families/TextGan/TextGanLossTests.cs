using GenService.ML.Families.TextGan;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.TextGan;

public sealed class TextGanLossTests
{
    public TextGanLossTests() => _ = TestTorch.Runtime;

    [Fact]
    public void The_kl_term_is_zero_at_the_standard_normal_and_half_the_squared_mean_a_dimension_beside_it()
    {
        using var zero = zeros(3, 4);
        using var unit = ones(3, 4);
        using var halfShifted = cat([ones(3, 2), zeros(3, 2)], 1);

        using var atPrior = ConditioningAugmentation.KlDivergence(zero, zero);
        using var shifted = ConditioningAugmentation.KlDivergence(unit, zero);    // ½ μ² in every dimension
        using var widened = ConditioningAugmentation.KlDivergence(zero, unit);    // ½ (e − 1 − 1) in every dimension
        using var halfway = ConditioningAugmentation.KlDivergence(halfShifted, zero);

        Assert.Equal(0, atPrior.item<float>(), 6);
        Assert.Equal(0.5, shifted.item<float>(), 5);
        Assert.Equal((Math.E - 2) / 2, widened.item<float>(), 5);
        Assert.Equal(0.25, halfway.item<float>(), 5);    // averaged over the condition, as the authors' code does, not summed
    }

    [Fact]
    public void Conditioning_augmentation_draws_mean_plus_sigma_times_the_noise()
    {
        using var augmentation = new ConditioningAugmentation(textDim: 5, conditionDim: 3);
        using var embeddings = randn(2, 5);
        using var noise = randn(2, 3);

        var (condition, mean, logVariance) = augmentation.forward(embeddings, noise);

        using var expected = mean + (noise * (logVariance / 2).exp());
        Assert.Equal([2L, 3L], condition.shape);
        Assert.True(condition.allclose(expected));
        Assert.True(logVariance.ge(0).all().item<bool>());    // after the reference code's ReLU
    }

    [Fact]
    public void The_matching_aware_loss_is_the_real_term_plus_half_the_wrong_and_fake_terms()
    {
        using var real = tensor(new[] { 2f, 0f });
        using var wrong = tensor(new[] { -1f, 1f });
        using var fake = tensor(new[] { 0f, -3f });

        var terms = MatchingAwareLoss.Discriminator(real, wrong, fake);

        static double Softplus(double x) => Math.Log(1 + Math.Exp(x));
        var realTerm = (Softplus(-2) + Softplus(0)) / 2;     // −log σ(s) averaged
        var wrongTerm = (Softplus(-1) + Softplus(1)) / 2;    // −log(1 − σ(s)) averaged
        var fakeTerm = (Softplus(0) + Softplus(-3)) / 2;
        Assert.Equal(realTerm + ((wrongTerm + fakeTerm) / 2), terms.Loss.item<float>(), 5);
        Assert.Equal((Sigmoid(2) + Sigmoid(0)) / 2, terms.Real, 5);
        Assert.Equal((Sigmoid(-1) + Sigmoid(1)) / 2, terms.Wrong, 5);
        Assert.Equal((Sigmoid(0) + Sigmoid(-3)) / 2, terms.Fake, 5);
        using var generator = MatchingAwareLoss.Generator(fake);
        Assert.Equal((Softplus(0) + Softplus(3)) / 2, generator.item<float>(), 5);
    }

    [Fact]
    public void The_joint_embedding_loss_is_zero_once_every_own_pair_wins_by_the_margin_and_ignores_pairs_of_one_class()
    {
        using var images = tensor(new[] { 3f, 0f, 0f, 3f, 3f, 0f }, [3, 2]);
        using var texts = tensor(new[] { 1f, 0f, 0f, 1f, 1f, 0f }, [3, 2]);
        using var labels = tensor(new[] { 0L, 1L, 0L });

        using var separated = JointEmbeddingLoss.Loss(images, texts, labels);
        using var confused = JointEmbeddingLoss.Loss(images, texts, labels: null);    // images 0 and 2 are alike

        Assert.Equal(0, separated.item<float>(), 6);
        Assert.True(confused.item<float>() > 0);
        Assert.Equal(2.0 / 3, JointEmbeddingLoss.TextToImageAccuracy(tensor(new[] { 1f, 0f, 0f, 1f, -1f, 0f }, [3, 2]), texts), 5);
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
