using GenService.ML.Families;
using GenService.ML.Families.Progan;
using GenService.ML.Tests.Families.Vae;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.Progan;

public sealed class ProganTrainerTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("progan-tests").FullName;

    public ProganTrainerTests() => _ = TestTorch.Runtime;

    [Fact]
    public void Training_grows_through_every_resolution_with_finite_losses_and_moves_the_averaged_generator()
    {
        using var run = TinyProgan.Run(steps: 8);
        using var trainer = new ProganTrainer(run.Setup);
        var exported = TrainerBytes.Export(trainer);

        var steps = Enumerable.Range(0, 8).Select(step => trainer.Step(step)).ToList();

        Assert.All(steps, losses => Assert.Equal(
            ["alpha", "drift", "gradient_penalty", "loss_d", "loss_g", "resolution", "wasserstein_estimate"], losses.Keys.Order()));
        Assert.All(steps.SelectMany(losses => losses.Values), value => Assert.True(double.IsFinite(value)));
        Assert.Equal([4.0, 4, 8, 8, 16, 16, 32, 32], steps.Select(losses => losses["resolution"]));
        Assert.Equal([1.0, 1, 0, 1, 0, 1, 0, 1], steps.Select(losses => losses["alpha"]));
        Assert.NotEqual(exported, TrainerBytes.Export(trainer));
    }

    [Fact]
    public void The_critic_loss_adds_lambda_times_the_gradient_penalty_and_the_drift_term()
    {
        using var run = TinyProgan.Run();
        using var trainer = new ProganTrainer(run.Setup);

        var losses = trainer.Step(0);

        Assert.True(losses["gradient_penalty"] > 0 && losses["drift"] > 0);
        Assert.Equal(-losses["wasserstein_estimate"] + 10 * losses["gradient_penalty"] + 0.001 * losses["drift"], losses["loss_d"], 4);
    }

    [Fact]
    public void Resuming_mid_fade_replays_the_run_exactly()
    {
        using var run = TinyProgan.Run(steps: 16);
        using var uninterrupted = new ProganTrainer(run.Setup);
        var expected = Enumerable.Range(0, 9).Select(step => uninterrupted.Step(step)).ToList();

        using var first = new ProganTrainer(run.Setup);
        for (var step = 0; step < 5; step++)
            first.Step(step);
        using var checkpoint = new MemoryStream(TrainerBytes.Checkpoint(first));
        using var resumed = new ProganTrainer(run.Setup);
        resumed.LoadCheckpoint(checkpoint);

        // Step 5 is mid-fade into 8x8 (α = ½); 8 enters 16x16.
        Assert.Equal(0.5, resumed.Step(5)["alpha"]);
        Assert.Equal(expected[6], resumed.Step(6));
        Assert.Equal(expected[7], resumed.Step(7));
        Assert.Equal(expected[8], resumed.Step(8));
        Assert.Equal(TrainerBytes.Checkpoint(uninterrupted), TrainerBytes.Checkpoint(resumed));
    }

    [Fact]
    public void A_model_exported_mid_growth_samples_at_the_final_size_what_the_trainer_previews()
    {
        using var run = TinyProgan.Run(steps: 8, shape: new ImageShape(3, 28, 28));
        using var trainer = new ProganTrainer(run.Setup);
        for (var step = 0; step < 3; step++)
            trainer.Step(step);
        var path = Path.Combine(directory, "mid-growth.model");
        File.WriteAllBytes(path, TrainerBytes.Export(trainer));
        using var model = (ProganModel)new ProganFamily().LoadModel(path, CPU);
        using var scope = NewDisposeScope();

        var samples = model.Sample([1, 2]);

        Assert.Equal(new ProganPhase(1, 0), model.Phase);
        Assert.Equal([2L, 3, 32, 32], samples.shape);
        Assert.True(TensorComparison.Identical(trainer.Preview([1, 2]), samples));
        // 4x4 content enlarged to 32x32: every 8x8 block is one colour.
        Assert.True(TensorComparison.Close(samples, ProganModel.ToImages(nn.functional.avg_pool2d(samples * 2 - 1, 8), 32)));
    }

    [Fact]
    public void An_image_is_the_same_bytes_alone_and_in_a_batch_of_seven()
    {
        using var run = TinyProgan.Run(steps: 8);
        using var trainer = new ProganTrainer(run.Setup);
        for (var step = 0; step < 8; step++)
            trainer.Step(step);
        var path = Path.Combine(directory, "final.model");
        File.WriteAllBytes(path, TrainerBytes.Export(trainer));
        using var model = (ProganModel)new ProganFamily().LoadModel(path, CPU);
        using var scope = NewDisposeScope();

        Assert.Equal(new ProganPhase(3, 1), model.Phase);
        SameBytesInAnyBatch.Assert(model);
        var frames = model.Interpolate(11, 5, steps: 4, InterpolationPath.Spherical);
        // Compared at the walk's own batch size: across sizes this deep generator moves by up to 1e-5.
        var ends = model.Sample([11, 11, 5, 5]);
        Assert.True(TensorComparison.Close(frames[0], ends[0]));
        Assert.True(TensorComparison.Close(frames[3], ends[3]));
    }

    [Fact]
    public void Evaluation_is_the_critics_wasserstein_estimate_on_held_out_images_and_deterministic()
    {
        using var run = TinyProgan.Run(steps: 8);
        using var trainer = new ProganTrainer(run.Setup);
        trainer.Step(0);

        var metrics = trainer.Evaluate();

        Assert.Contains("wasserstein_estimate", metrics.Keys);
        Assert.Equal(4, metrics["resolution"]);
        Assert.All(metrics.Values, value => Assert.True(double.IsFinite(value)));
        Assert.Equal(metrics, trainer.Evaluate());
    }

    [Fact]
    public void A_checkpoint_of_another_architecture_is_refused()
    {
        using var run = TinyProgan.Run();
        using var wider = TinyProgan.Run(overrides: new Dictionary<string, object> { [ProganHyperparameters.ChannelsName] = 8 });
        using var trainer = new ProganTrainer(run.Setup);
        using var other = new ProganTrainer(wider.Setup);
        using var checkpoint = new MemoryStream(TrainerBytes.Checkpoint(other));

        Assert.Throws<InvalidDataException>(() => trainer.LoadCheckpoint(checkpoint));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
