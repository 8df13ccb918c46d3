using GenService.ML.Families;
using GenService.ML.Families.SuperResolution;
using GenService.ML.Training;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.SuperResolution;

public sealed class SuperResolutionTrainerTests
{
    public SuperResolutionTrainerTests() => _ = TestTorch.Runtime;

    [Fact]
    public void A_few_srresnet_steps_give_a_finite_mse_and_move_the_generator()
    {
        using var run = TinySuperResolution.SrResNet();
        using var trainer = new SrResNetTrainer(run.Setup);
        var exported = TrainerBytes.Export(trainer);

        var losses = Enumerable.Range(0, 3).Select(step => trainer.Step(step)).ToList();

        Assert.All(losses, step => Assert.Equal(["mse"], step.Keys));
        Assert.All(losses, step => Assert.True(double.IsFinite(step["mse"]) && step["mse"] > 0));
        Assert.NotEqual(exported, TrainerBytes.Export(trainer));
    }

    [Theory]
    [InlineData("features")]
    [InlineData("pixels")]
    public void Srgan_pretrains_on_mse_then_moves_both_networks_with_finite_losses(string contentLoss)
    {
        using var run = TinySuperResolution.Srgan(new Dictionary<string, object> { [SrganHyperparameters.ContentLossName] = contentLoss });
        using var trainer = new SrganTrainer(run.Setup);

        var pretraining = trainer.Step(0);
        var exported = TrainerBytes.Export(trainer);
        var discriminator = DiscriminatorWeights(trainer);
        var adversarial = Enumerable.Range(1, 2).Select(step => trainer.Step(step)).ToList();

        Assert.Equal(["mse"], pretraining.Keys);
        Assert.All(adversarial, step => Assert.Equal(
            ["adversarial", "content", "d_accuracy", "d_fake", "d_real", "loss_d", "loss_g"], step.Keys.Order()));
        Assert.All(adversarial.SelectMany(step => step.Values).Append(pretraining["mse"]), value => Assert.True(double.IsFinite(value)));
        Assert.All(adversarial, step => Assert.Equal(step["content"] + 1e-3 * step["adversarial"], step["loss_g"], 5));
        Assert.NotEqual(exported, TrainerBytes.Export(trainer));
        Assert.NotEqual(discriminator, DiscriminatorWeights(trainer));
    }

    [Fact]
    public void Resuming_srresnet_from_a_checkpoint_replays_the_run_exactly()
    {
        using var run = TinySuperResolution.SrResNet();
        AssertResumesExactly(() => new SrResNetTrainer(run.Setup));
    }

    [Fact]
    public void Resuming_srgan_across_the_end_of_pretraining_replays_the_run_exactly()
    {
        using var run = TinySuperResolution.Srgan(new Dictionary<string, object> { [SrganHyperparameters.PretrainStepsName] = 2 });
        AssertResumesExactly(() => new SrganTrainer(run.Setup));
    }

    [Theory]
    [InlineData("x2", true)]
    [InlineData("x4", false)]
    public void Evaluation_compares_the_model_with_bicubic_on_held_out_crops(string scale, bool ssimFits)
    {
        using var run = TinySuperResolution.SrResNet(new Dictionary<string, object> { [SuperResolutionHyperparameters.ScaleName] = scale });
        using var trainer = new SrResNetTrainer(run.Setup);
        trainer.Step(0);

        var metrics = trainer.Evaluate();

        // 16-pixel crops lose `scale` pixels per border: 12 pixels leave room for SSIM's 11-pixel window, 8 do not.
        string[] expected = ssimFits ? ["bicubic_psnr", "bicubic_ssim", "psnr", "ssim"] : ["bicubic_psnr", "psnr"];
        Assert.Equal(expected, metrics.Keys.Order());
        Assert.All(metrics.Values, value => Assert.True(double.IsFinite(value)));
        Assert.Equal(metrics, trainer.Evaluate());
    }

    [Fact]
    public void The_preview_shows_bicubic_model_and_original_side_by_side_at_the_high_resolution()
    {
        using var run = TinySuperResolution.SrResNet();
        using var trainer = new SrResNetTrainer(run.Setup);
        using var scope = NewDisposeScope();

        var preview = trainer.Preview([0, 1, 2]);
        var again = trainer.Preview([0, 1, 2]);

        Assert.Equal([3L, 3, 16, 3 * 16 + 2 * GeneratorTraining.PreviewGap], preview.shape);
        Assert.True(preview.ge(0).all().item<bool>() && preview.le(1).all().item<bool>());
        Assert.True(preview.eq(again).all().item<bool>());
        // The right-hand third is the original crop: 8-bit values.
        var original = preview.narrow(3, 2 * (16 + GeneratorTraining.PreviewGap), 16);
        Assert.True(original.mul(255).sub(original.mul(255).round()).abs().max().item<float>() < 1e-4);
    }

    [Theory]
    [InlineData(20, 2, 96, 20)]
    [InlineData(18, 4, 96, 16)]
    [InlineData(64, 4, 30, 28)]
    public void Crops_fit_the_images_and_the_scale(int imageSize, int scale, int requested, int expected)
    {
        Assert.Equal(expected, SuperResolutionCrops.EffectiveSize(new ImageShape(3, imageSize, imageSize + 5), scale, requested));
    }

    [Fact]
    public void A_checkpoint_of_another_architecture_is_refused()
    {
        using var run = TinySuperResolution.SrResNet();
        using var wider = TinySuperResolution.SrResNet(new Dictionary<string, object> { [SuperResolutionHyperparameters.ChannelsName] = 8 });
        using var trainer = new SrResNetTrainer(run.Setup);
        using var other = new SrResNetTrainer(wider.Setup);
        using var checkpoint = new MemoryStream(TrainerBytes.Checkpoint(other));

        Assert.Throws<InvalidDataException>(() => trainer.LoadCheckpoint(checkpoint));
    }

    private static void AssertResumesExactly(Func<ITrainer> create)
    {
        using var uninterrupted = create();
        var expected = Enumerable.Range(0, 4).Select(step => uninterrupted.Step(step)).ToList();

        using var first = create();
        first.Step(0);
        first.Step(1);
        using var checkpoint = new MemoryStream(TrainerBytes.Checkpoint(first));
        using var resumed = create();
        resumed.LoadCheckpoint(checkpoint);

        Assert.Equal(expected[2], resumed.Step(2));
        Assert.Equal(expected[3], resumed.Step(3));
        Assert.Equal(TrainerBytes.Checkpoint(uninterrupted), TrainerBytes.Checkpoint(resumed));
    }

    /// <summary>Every weight of the discriminator in an SRGAN checkpoint of the tiny run, read back as a resumed run would.</summary>
    private static float[] DiscriminatorWeights(SrganTrainer trainer)
    {
        using var stream = new MemoryStream(TrainerBytes.Checkpoint(trainer));
        using var generator = new SrResNetGenerator(trainer.Architecture);
        using var generatorOptimizer = optim.Adam(generator.parameters());
        using var discriminator = new SrganDiscriminator(trainer.Architecture.Shape.Channels, baseChannels: 4, cropSize: 16);
        Checkpoint.Read(stream, reader => SuperResolutionArchitecture.Read(reader, SrganTrainer.CheckpointMagic), trainer.Architecture,
        [
            CheckpointPart.Module("generator", generator),
            CheckpointPart.Optimizer("generator optimizer", generatorOptimizer),
            CheckpointPart.Module("discriminator", discriminator),
        ]);
        using var scope = NewDisposeScope();
        return cat(discriminator.parameters().Select(p => p.detach().flatten()).ToArray()).data<float>().ToArray();
    }
}
