using GenService.ML.Adversarial;
using GenService.ML.Families;
using GenService.ML.Families.Pix2Pix;
using GenService.ML.Training;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.Pix2Pix;

public sealed class Pix2PixTrainerTests
{
    public Pix2PixTrainerTests() => _ = TestTorch.Runtime;

    [Fact]
    public void The_defaults_are_the_papers_optimiser_and_loss_settings()
    {
        var defaults = Pix2PixHyperparameters.Specs.ToDictionary(s => s.Name, s => s.Default);

        Assert.Equal(2e-4, defaults[Pix2PixHyperparameters.LearningRateName]);
        Assert.Equal(0.5, defaults[Pix2PixHyperparameters.Beta1Name]);
        Assert.Equal(0.999, defaults[Pix2PixHyperparameters.Beta2Name]);
        Assert.Equal(100, defaults[Pix2PixHyperparameters.L1WeightName]);
        Assert.Equal(0, defaults[Pix2PixHyperparameters.PairsName]);    // edges
    }

    [Fact]
    public void A_few_steps_give_finite_losses_and_move_both_networks()
    {
        using var run = TinyPix2Pix.Run();
        using var trainer = new Pix2PixTrainer(run.Setup);
        var exported = TrainerBytes.Export(trainer);
        var checkpoint = TrainerBytes.Checkpoint(trainer);

        var losses = Enumerable.Range(0, 3).Select(step => trainer.Step(step)).ToList();

        Assert.All(losses, step => Assert.Equal(["d_accuracy", "d_fake", "d_real", "loss_d", "loss_g", "loss_l1"], step.Keys.Order()));
        Assert.All(losses.SelectMany(step => step.Values), value => Assert.True(double.IsFinite(value)));
        Assert.NotEqual(exported, TrainerBytes.Export(trainer));
        Assert.NotEqual(DiscriminatorWeights(trainer, checkpoint), DiscriminatorWeights(trainer, TrainerBytes.Checkpoint(trainer)));
    }

    [Fact]
    public void D_minimises_half_the_classic_loss_and_G_the_cgan_term_plus_lambda_times_l1()
    {
        var architecture = new Pix2PixArchitecture(1, new ImageShape(1, 32, 32), BaseChannels: 4);
        using var discriminator = new PatchGanDiscriminator(architecture);
        using var scope = NewDisposeScope();
        using var generator = new TorchSharp.torch.Generator(1);
        var inputs = rand([2, 1, 32, 32], generator: generator) * 2 - 1;
        var targets = rand([2, 1, 32, 32], generator: generator) * 2 - 1;
        var outputs = rand([2, 1, 32, 32], generator: generator) * 2 - 1;
        var loss = new Pix2PixLoss();

        var d = loss.Discriminator(discriminator, inputs, targets, outputs);
        var g = loss.Generator(discriminator, inputs, targets, outputs);

        var classic = AdversarialLosses.Discriminator(AdversarialObjective.NonSaturating,
            discriminator.forward(inputs, targets), discriminator.forward(inputs, outputs));
        Assert.Equal(0.5 * classic.item<float>(), d.Loss.item<float>(), 5);
        Assert.Equal((outputs - targets).abs().mean().item<float>(), g.L1.item<float>(), 6);
        Assert.Equal(g.Adversarial.item<float>() + 100 * g.L1.item<float>(), g.Loss.item<float>(), 3);
    }

    [Fact]
    public void Resuming_from_a_checkpoint_replays_the_run_exactly()
    {
        using var run = TinyPix2Pix.Run();
        using var uninterrupted = new Pix2PixTrainer(run.Setup);
        var expected = Enumerable.Range(0, 4).Select(step => uninterrupted.Step(step)).ToList();

        using var first = new Pix2PixTrainer(run.Setup);
        first.Step(0);
        first.Step(1);
        using var checkpoint = new MemoryStream(TrainerBytes.Checkpoint(first));
        using var resumed = new Pix2PixTrainer(run.Setup);
        resumed.LoadCheckpoint(checkpoint);

        Assert.Equal(expected[2], resumed.Step(2));
        Assert.Equal(expected[3], resumed.Step(3));
        Assert.Equal(TrainerBytes.Checkpoint(uninterrupted), TrainerBytes.Checkpoint(resumed));
    }

    [Fact]
    public void Evaluation_scores_translations_and_the_input_baseline_on_held_out_pairs_deterministically()
    {
        using var run = TinyPix2Pix.Run();
        using var trainer = new Pix2PixTrainer(run.Setup);
        trainer.Step(0);

        var first = trainer.Evaluate();

        Assert.Equal(["input_l1", "input_psnr", "input_ssim", "l1", "psnr", "ssim"], first.Keys.Order());
        Assert.All(first.Values, value => Assert.True(double.IsFinite(value)));
        Assert.Equal(first, trainer.Evaluate());
    }

    [Fact]
    public void Grayscale_pairs_of_a_28_pixel_colour_dataset_train_at_32_from_one_channel_to_three()
    {
        using var run = TinyPix2Pix.Run(new ImageShape(3, 28, 28), new Dictionary<string, object> { [Pix2PixHyperparameters.PairsName] = "grayscale" });
        using var trainer = new Pix2PixTrainer(run.Setup);
        trainer.Step(0);
        using var scope = NewDisposeScope();

        var preview = trainer.Preview([0, 1, 2]);

        Assert.Equal(new Pix2PixArchitecture(1, new ImageShape(3, 32, 32), 4), trainer.Architecture);
        Assert.Equal([3L, 3, 32, 96], preview.shape);    // input | translation | target
        Assert.True(preview.ge(0).all().item<bool>() && preview.le(1).all().item<bool>());
        // The input tile is gray: the luma repeated in every channel.
        var input = preview.narrow(3, 0, 32);
        Assert.True(input[.., 0].equal(input[.., 2]).all().item<bool>());
    }

    [Fact]
    public void Grayscale_pairs_of_a_grayscale_dataset_are_refused()
    {
        using var run = TinyPix2Pix.Run(overrides: new Dictionary<string, object> { [Pix2PixHyperparameters.PairsName] = "grayscale" });

        Assert.Throws<ArgumentException>(() => new Pix2PixTrainer(run.Setup));
    }

    [Fact]
    public void A_checkpoint_of_another_architecture_is_refused()
    {
        using var run = TinyPix2Pix.Run();
        using var wider = TinyPix2Pix.Run(overrides: new Dictionary<string, object> { [Pix2PixHyperparameters.BaseChannelsName] = 8 });
        using var trainer = new Pix2PixTrainer(run.Setup);
        using var other = new Pix2PixTrainer(wider.Setup);
        using var checkpoint = new MemoryStream(TrainerBytes.Checkpoint(other));

        Assert.Throws<InvalidDataException>(() => trainer.LoadCheckpoint(checkpoint));
    }

    /// <summary>Every weight of D, read back from a checkpoint as a resumed run would.</summary>
    private static float[] DiscriminatorWeights(Pix2PixTrainer trainer, byte[] checkpoint)
    {
        using var stream = new MemoryStream(checkpoint);
        using var generator = new UnetGenerator(trainer.Architecture);
        using var discriminator = new PatchGanDiscriminator(trainer.Architecture);
        Checkpoint.Read(stream, reader => Pix2PixArchitecture.Read(reader, Pix2PixTrainer.CheckpointMagic), trainer.Architecture,
            [CheckpointPart.Module("generator", generator), CheckpointPart.Module("discriminator", discriminator)]);
        using var scope = NewDisposeScope();
        return cat(discriminator.parameters().Select(p => p.detach().flatten()).ToArray()).data<float>().ToArray();
    }
}
