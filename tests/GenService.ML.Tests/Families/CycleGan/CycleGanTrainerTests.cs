using GenService.ML.Families;
using GenService.ML.Families.CycleGan;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.CycleGan;

public sealed class CycleGanTrainerTests
{
    public CycleGanTrainerTests() => _ = TestTorch.Runtime;

    [Fact]
    public void The_defaults_are_the_papers_optimiser_loss_and_pool_settings()
    {
        var defaults = CycleGanHyperparameters.Specs.ToDictionary(s => s.Name, s => s.Default);

        Assert.Equal(2e-4, defaults[CycleGanHyperparameters.LearningRateName]);
        Assert.Equal(0.5, defaults[CycleGanHyperparameters.Beta1Name]);
        Assert.Equal(0.999, defaults[CycleGanHyperparameters.Beta2Name]);
        Assert.Equal(10, defaults[CycleGanHyperparameters.CycleWeightName]);
        Assert.Equal(0.5, defaults[CycleGanHyperparameters.IdentityWeightName]);
        Assert.Equal(50, defaults[CycleGanHyperparameters.PoolSizeName]);
        Assert.Equal(6, defaults[CycleGanHyperparameters.ResidualBlocksName]);
        Assert.Equal((7, 5), ((int)defaults[CycleGanHyperparameters.DomainALabelName], (int)defaults[CycleGanHyperparameters.DomainBLabelName]));
    }

    [Fact]
    public void A_few_steps_give_finite_losses_and_move_both_generators()
    {
        using var run = TinyCycleGan.Run();
        using var trainer = new CycleGanTrainer(run.Setup);
        var before = Generators(trainer);

        var losses = Enumerable.Range(0, 3).Select(step => trainer.Step(step)).ToList();

        Assert.All(losses, step => Assert.Equal(["learning_rate", "loss_cycle", "loss_d", "loss_g", "loss_identity"], step.Keys.Order()));
        Assert.All(losses.SelectMany(step => step.Values), value => Assert.True(double.IsFinite(value)));
        var after = Generators(trainer);
        Assert.NotEqual(before.AToB, after.AToB);
        Assert.NotEqual(before.BToA, after.BToA);
    }

    [Fact]
    public void The_learning_rate_follows_the_schedule_over_the_runs_steps()
    {
        using var run = TinyCycleGan.Run(overrides: new Dictionary<string, object> { [CycleGanHyperparameters.StepsName] = 4 });
        using var trainer = new CycleGanTrainer(run.Setup);

        var rates = Enumerable.Range(0, 4).Select(step => trainer.Step(step)["learning_rate"]).ToList();

        Assert.Equal([2e-4, 2e-4, 2e-4, 1e-4], rates.Select(rate => Math.Round(rate, 10)));
    }

    [Fact]
    public void The_loss_is_least_squares_for_both_players_plus_weighted_cycle_and_identity_terms()
    {
        var architecture = new CycleGanArchitecture(new ImageShape(1, 16, 16), BaseChannels: 4, ResidualBlocks: 1);
        using var aToB = new ResnetGenerator(architecture);
        using var bToA = new ResnetGenerator(architecture);
        using var discriminatorA = new CycleGanDiscriminator(architecture);
        using var discriminatorB = new CycleGanDiscriminator(architecture);
        using var scope = NewDisposeScope();
        using var generator = new TorchSharp.torch.Generator(1);
        var realA = rand([2, 1, 16, 16], generator: generator) * 2 - 1;
        var realB = rand([2, 1, 16, 16], generator: generator) * 2 - 1;
        var loss = new CycleGanLoss(cycleWeight: 10, identityWeight: 0.5);
        var translations = CycleGanLoss.Translate(aToB, bToA, realA, realB);

        var d = loss.Discriminator(discriminatorB, realB, translations.FakeB);
        var g = loss.Generator(aToB, bToA, discriminatorA, discriminatorB, realA, realB, translations);

        var expectedD = 0.5 * ((discriminatorB.forward(realB) - 1).square().mean() + discriminatorB.forward(translations.FakeB).square().mean());
        Assert.Equal(expectedD.item<float>(), d.item<float>(), 5);
        var expectedAdversarial = (discriminatorB.forward(translations.FakeB) - 1).square().mean() + (discriminatorA.forward(translations.FakeA) - 1).square().mean();
        Assert.Equal(expectedAdversarial.item<float>(), g.Adversarial.item<float>(), 5);
        var expectedCycle = (translations.ReconstructedA - realA).abs().mean() + (translations.ReconstructedB - realB).abs().mean();
        Assert.Equal(expectedCycle.item<float>(), g.Cycle.item<float>(), 5);
        var expectedIdentity = (aToB.forward(realB) - realB).abs().mean() + (bToA.forward(realA) - realA).abs().mean();
        Assert.Equal(expectedIdentity.item<float>(), g.Identity.item<float>(), 5);
        Assert.Equal(g.Adversarial.item<float>() + 10 * g.Cycle.item<float>() + 5 * g.Identity.item<float>(), g.Loss.item<float>(), 3);
    }

    [Fact]
    public void Resuming_from_a_checkpoint_replays_the_run_exactly_pools_included()
    {
        using var run = TinyCycleGan.Run();
        using var uninterrupted = new CycleGanTrainer(run.Setup);
        var expected = Enumerable.Range(0, 5).Select(step => uninterrupted.Step(step)).ToList();

        using var first = new CycleGanTrainer(run.Setup);
        foreach (var step in Enumerable.Range(0, 3))
            first.Step(step);
        using var checkpoint = new MemoryStream(TrainerBytes.Checkpoint(first));
        using var resumed = new CycleGanTrainer(run.Setup);
        resumed.LoadCheckpoint(checkpoint);

        Assert.Equal(expected[3], resumed.Step(3));
        Assert.Equal(expected[4], resumed.Step(4));
        Assert.Equal(TrainerBytes.Checkpoint(uninterrupted), TrainerBytes.Checkpoint(resumed));
    }

    [Fact]
    public void Evaluation_reports_held_out_round_trips_of_both_domains_deterministically()
    {
        using var run = TinyCycleGan.Run();
        using var trainer = new CycleGanTrainer(run.Setup);
        trainer.Step(0);

        var first = trainer.Evaluate();

        Assert.Equal(["cycle_l1_a", "cycle_l1_b", "cycle_psnr_a", "cycle_psnr_b"], first.Keys.Order());
        Assert.All(first.Values, value => Assert.True(double.IsFinite(value)));
        Assert.Equal(first, trainer.Evaluate());
    }

    [Fact]
    public void The_preview_shows_each_domain_beside_its_translation()
    {
        using var run = TinyCycleGan.Run(new ImageShape(3, 18, 18));
        using var trainer = new CycleGanTrainer(run.Setup);
        using var scope = NewDisposeScope();

        var preview = trainer.Preview([0, 1, 2]);

        Assert.Equal(new ImageShape(3, 20, 20), trainer.Architecture.Shape);
        Assert.Equal([3L, 3, 20, 80], preview.shape);    // a | G_AB(a) | b | G_BA(b)
        Assert.True(preview.ge(0).all().item<bool>() && preview.le(1).all().item<bool>());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 9)]
    public void Domains_that_are_the_same_or_have_no_images_are_refused_naming_the_labels(int labelA, int labelB)
    {
        using var run = TinyCycleGan.Run(overrides: new Dictionary<string, object>
        {
            [CycleGanHyperparameters.DomainALabelName] = labelA,
            [CycleGanHyperparameters.DomainBLabelName] = labelB,
        });

        var refused = Assert.Throws<ArgumentException>(() => new CycleGanTrainer(run.Setup));

        Assert.Contains($"label {labelB}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_of_another_architecture_is_refused()
    {
        using var run = TinyCycleGan.Run();
        using var deeper = TinyCycleGan.Run(overrides: new Dictionary<string, object> { [CycleGanHyperparameters.ResidualBlocksName] = 2 });
        using var trainer = new CycleGanTrainer(run.Setup);
        using var other = new CycleGanTrainer(deeper.Setup);
        using var checkpoint = new MemoryStream(TrainerBytes.Checkpoint(other));

        Assert.Throws<InvalidDataException>(() => trainer.LoadCheckpoint(checkpoint));
    }

    /// <summary>G_AB's and G_BA's weights as exported: the header, then G_AB, then G_BA.</summary>
    private static (byte[] AToB, byte[] BToA) Generators(CycleGanTrainer trainer)
    {
        var exported = TrainerBytes.Export(trainer);
        var half = exported.Length / 2;    // the two generators have the same size; the header is small
        return (exported[..half], exported[half..]);
    }
}
