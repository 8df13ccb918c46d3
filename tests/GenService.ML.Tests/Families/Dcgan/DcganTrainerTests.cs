using GenService.ML.Adversarial;
using GenService.ML.Families;
using GenService.ML.Families.Dcgan;
using GenService.ML.Training;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.Dcgan;

public sealed class DcganTrainerTests
{
    public DcganTrainerTests() => _ = TestTorch.Runtime;

    public static TheoryData<string> Objectives => new(AdversarialObjectives.Names);

    [Theory]
    [MemberData(nameof(Objectives))]
    public void A_few_steps_of_each_objective_give_finite_losses_and_move_both_networks(string objective)
    {
        using var run = TinyDcgan.Run(objective, overrides: new Dictionary<string, object> { [DcganHyperparameters.CriticStepsName] = 2 });
        using var trainer = new DcganTrainer(run.Setup);
        var exported = TrainerBytes.Export(trainer);
        var critic = CriticWeights(trainer);

        var losses = Enumerable.Range(0, 3).Select(step => trainer.Step(step)).ToList();

        var expected = AdversarialObjectives.Parse(objective) switch
        {
            AdversarialObjective.Wasserstein => new[] { "loss_d", "loss_g", "wasserstein_estimate" },
            AdversarialObjective.WassersteinGradientPenalty => ["gradient_penalty", "loss_d", "loss_g", "wasserstein_estimate"],
            _ => ["d_accuracy", "d_fake", "d_real", "loss_d", "loss_g"],
        };
        Assert.All(losses, step => Assert.Equal(expected, step.Keys.Order()));
        Assert.All(losses.SelectMany(step => step.Values), value => Assert.True(double.IsFinite(value)));
        Assert.NotEqual(exported, TrainerBytes.Export(trainer));
        Assert.NotEqual(critic, CriticWeights(trainer));
    }

    [Fact]
    public void Minimax_G_minimises_log_1_minus_D_and_non_saturating_G_minus_log_D()
    {
        using var minimaxRun = TinyDcgan.Run(AdversarialObjectives.MinimaxName);
        using var nonSaturatingRun = TinyDcgan.Run(AdversarialObjectives.NonSaturatingName);
        using var minimax = new DcganTrainer(minimaxRun.Setup);
        using var nonSaturating = new DcganTrainer(nonSaturatingRun.Setup);

        var a = minimax.Step(0);
        var b = nonSaturating.Step(0);

        // Same seed: the same D step, then G's loss on the same scores s of the same fakes.
        Assert.Equal(a["loss_d"], b["loss_d"]);
        Assert.True(a["loss_g"] < 0, $"E log(1 − D(G(z))) is negative; got {a["loss_g"]}");
        Assert.True(b["loss_g"] > 0, $"−E log D(G(z)) is positive; got {b["loss_g"]}");
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.05)]
    public void Wgan_keeps_every_critic_weight_within_the_clip_limit(double limit)
    {
        using var run = TinyDcgan.Run(AdversarialObjectives.WassersteinName, overrides: new Dictionary<string, object>
        {
            [DcganHyperparameters.ClipLimitName] = limit,
            [DcganHyperparameters.LearningRateName] = 0.01,    // steps far larger than the limit
        });
        using var trainer = new DcganTrainer(run.Setup);

        trainer.Step(0);
        trainer.Step(1);

        var weights = CriticWeights(trainer);
        Assert.All(weights, w => Assert.True(Math.Abs(w) <= (float)limit, $"|w| = {w}"));
        Assert.Contains((float)limit, weights.Select(Math.Abs));
    }

    [Fact]
    public void Wgan_trains_the_critic_for_the_catch_up_steps_at_G_step_0_and_for_critic_steps_at_G_step_25()
    {
        var overrides = (int criticSteps, int catchUp) => new Dictionary<string, object>
        {
            [DcganHyperparameters.CriticStepsName] = criticSteps,
            [DcganHyperparameters.CriticCatchUpStepsName] = catchUp,
        };
        using var catchingUpRun = TinyDcgan.Run(AdversarialObjectives.WassersteinName, overrides: overrides(2, 3));
        using var threeStepsRun = TinyDcgan.Run(AdversarialObjectives.WassersteinName, overrides: overrides(3, 3));
        using var twoStepsRun = TinyDcgan.Run(AdversarialObjectives.WassersteinName, overrides: overrides(2, 2));
        using var catchingUp = new DcganTrainer(catchingUpRun.Setup);
        using var threeSteps = new DcganTrainer(threeStepsRun.Setup);
        using var twoSteps = new DcganTrainer(twoStepsRun.Setup);
        using var catchingUpLater = new DcganTrainer(catchingUpRun.Setup);
        using var twoStepsLater = new DcganTrainer(twoStepsRun.Setup);

        // Each step's draws depend only on the seed and the step, so equal losses mean equal D steps.
        var caughtUp = catchingUp.Step(0);
        Assert.Equal(threeSteps.Step(0), caughtUp);
        Assert.NotEqual(twoSteps.Step(0), caughtUp);
        Assert.Equal(twoStepsLater.Step(25), catchingUpLater.Step(25));
    }

    [Fact]
    public void Wgan_gp_adds_lambda_times_the_gradient_penalty_to_the_critic_loss()
    {
        var overrides = (double lambda) => new Dictionary<string, object>
        {
            [DcganHyperparameters.CriticStepsName] = 1,
            [DcganHyperparameters.GradientPenaltyWeightName] = lambda,
        };
        using var withPenaltyRun = TinyDcgan.Run(AdversarialObjectives.WassersteinGradientPenaltyName, overrides: overrides(10));
        using var withoutPenaltyRun = TinyDcgan.Run(AdversarialObjectives.WassersteinGradientPenaltyName, overrides: overrides(0));
        using var withPenalty = new DcganTrainer(withPenaltyRun.Setup);
        using var withoutPenalty = new DcganTrainer(withoutPenaltyRun.Setup);

        var a = withPenalty.Step(0);
        var b = withoutPenalty.Step(0);

        Assert.True(a["gradient_penalty"] > 0);
        Assert.Equal(a["gradient_penalty"], b["gradient_penalty"]);
        Assert.Equal(-a["wasserstein_estimate"], b["loss_d"], 5);
        Assert.Equal(b["loss_d"] + 10 * a["gradient_penalty"], a["loss_d"], 4);
    }

    [Fact]
    public void Wgan_gp_critic_has_no_batch_norm_and_the_others_do()
    {
        using var gpRun = TinyDcgan.Run(AdversarialObjectives.WassersteinGradientPenaltyName);
        using var clippedRun = TinyDcgan.Run(AdversarialObjectives.WassersteinName);

        using var gp = new DcganTrainer(gpRun.Setup);
        using var clipped = new DcganTrainer(clippedRun.Setup);

        Assert.Equal(CriticNormalisation.LayerNorm, gp.Architecture.Normalisation);
        Assert.Equal(CriticNormalisation.BatchNorm, clipped.Architecture.Normalisation);
    }

    [Theory]
    [MemberData(nameof(Objectives))]
    public void Resuming_from_a_checkpoint_replays_the_run_exactly(string objective)
    {
        using var run = TinyDcgan.Run(objective, overrides: new Dictionary<string, object> { [DcganHyperparameters.CriticStepsName] = 2 });
        using var uninterrupted = new DcganTrainer(run.Setup);
        var expected = Enumerable.Range(0, 4).Select(step => uninterrupted.Step(step)).ToList();

        using var first = new DcganTrainer(run.Setup);
        first.Step(0);
        first.Step(1);
        using var checkpoint = new MemoryStream(TrainerBytes.Checkpoint(first));
        using var resumed = new DcganTrainer(run.Setup);
        resumed.LoadCheckpoint(checkpoint);

        Assert.Equal(expected[2], resumed.Step(2));
        Assert.Equal(expected[3], resumed.Step(3));
        Assert.Equal(TrainerBytes.Checkpoint(uninterrupted), TrainerBytes.Checkpoint(resumed));
    }

    [Theory]
    [InlineData("non_saturating", "d_accuracy")]
    [InlineData("wgan_gp", "wasserstein_estimate")]
    public void Evaluation_scores_held_out_images_against_generated_ones_deterministically(string objective, string metric)
    {
        using var run = TinyDcgan.Run(objective);
        using var trainer = new DcganTrainer(run.Setup);
        trainer.Step(0);

        var first = trainer.Evaluate();

        Assert.Contains(metric, first.Keys);
        Assert.Contains("loss_d", first.Keys);
        Assert.All(first.Values, value => Assert.True(double.IsFinite(value)));
        Assert.Equal(first, trainer.Evaluate());
    }

    [Fact]
    public void The_same_seed_gives_the_same_run()
    {
        using var run = TinyDcgan.Run(AdversarialObjectives.WassersteinGradientPenaltyName);
        using var first = new DcganTrainer(run.Setup);
        using var second = new DcganTrainer(run.Setup);

        Assert.Equal(first.Step(0), second.Step(0));
        Assert.Equal(first.Step(1), second.Step(1));
    }

    [Fact]
    public void A_28_pixel_dataset_trains_and_previews_at_32_pixels()
    {
        using var run = TinyDcgan.Run(AdversarialObjectives.NonSaturatingName, new ImageShape(3, 28, 28));
        using var trainer = new DcganTrainer(run.Setup);
        trainer.Step(0);
        using var scope = NewDisposeScope();

        var preview = trainer.Preview([0, 1, 2]);

        Assert.Equal([3L, 3, 32, 32], preview.shape);
        Assert.True(preview.ge(0).all().item<bool>() && preview.le(1).all().item<bool>());
        Assert.Equal(new ImageShape(3, 32, 32), trainer.Architecture.Shape);
    }

    [Fact]
    public void Batch_size_larger_than_the_dataset_uses_the_whole_dataset()
    {
        using var run = TinyDcgan.Run(AdversarialObjectives.NonSaturatingName, overrides: new Dictionary<string, object> { [DcganHyperparameters.BatchSizeName] = 500 });
        using var trainer = new DcganTrainer(run.Setup);

        Assert.All(trainer.Step(0).Values, value => Assert.True(double.IsFinite(value)));
    }

    [Fact]
    public void A_checkpoint_of_another_architecture_is_refused()
    {
        using var run = TinyDcgan.Run(AdversarialObjectives.NonSaturatingName);
        using var wider = TinyDcgan.Run(AdversarialObjectives.NonSaturatingName, overrides: new Dictionary<string, object> { [DcganHyperparameters.BaseChannelsName] = 8 });
        using var trainer = new DcganTrainer(run.Setup);
        using var other = new DcganTrainer(wider.Setup);
        using var checkpoint = new MemoryStream(TrainerBytes.Checkpoint(other));

        Assert.Throws<InvalidDataException>(() => trainer.LoadCheckpoint(checkpoint));
    }

    /// <summary>Every weight of the critic as the trainer holds it, read back from a checkpoint as a resumed run would.</summary>
    private static float[] CriticWeights(DcganTrainer trainer)
    {
        using var stream = new MemoryStream(TrainerBytes.Checkpoint(trainer));
        using var generator = new DcganGenerator(trainer.Architecture);
        using var discriminator = new DcganDiscriminator(trainer.Architecture);
        Checkpoint.Read(stream, reader => DcganArchitecture.Read(reader, DcganTrainer.CheckpointMagic), trainer.Architecture,
            [CheckpointPart.Module("generator", generator), CheckpointPart.Module("discriminator", discriminator)]);
        using var scope = NewDisposeScope();
        return cat(discriminator.parameters().Select(p => p.detach().flatten()).ToArray()).data<float>().ToArray();
    }
}
