using GenService.ML.Families;
using GenService.ML.Families.Progan;
using GenService.ML.Training;
using TorchSharp.Modules;
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
        // Eight steps are too few for the phases' share: each gets one step, and 32x32 the rest.
        Assert.Equal([4.0, 8, 8, 16, 16, 32, 32, 32], steps.Select(losses => losses["resolution"]));
        Assert.Equal([1.0, 0, 1, 0, 1, 0, 1, 1], steps.Select(losses => losses["alpha"]));
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

    /// <summary>16 steps, a quarter of them at 32x32 stable: phases of two steps. 4x4 at 0 and 1, 8x8 fading at 2 and 3
    /// (α 0 and ½), stable at 4 and 5, 16x16 fading from 6.</summary>
    [Theory]
    [InlineData(3)]   // mid-fade; the next step ends the fade
    [InlineData(4)]   // on the boundary: the resumed run's first step resets Adam
    public void Resuming_across_a_phase_boundary_replays_the_run_exactly(int resumeAt)
    {
        using var run = TwoStepPhases();
        using var uninterrupted = new ProganTrainer(run.Setup);
        var expected = Enumerable.Range(0, 8).Select(step => uninterrupted.Step(step)).ToList();

        using var first = new ProganTrainer(run.Setup);
        for (var step = 0; step < resumeAt; step++)
            first.Step(step);
        using var checkpoint = new MemoryStream(TrainerBytes.Checkpoint(first));
        using var resumed = new ProganTrainer(run.Setup);
        resumed.LoadCheckpoint(checkpoint);

        for (var step = resumeAt; step < 8; step++)
            Assert.Equal(expected[step], resumed.Step(step));
        Assert.Equal([0.5, 1, 1, 0], expected.Skip(3).Take(4).Select(losses => losses["alpha"]));
        Assert.Equal(TrainerBytes.Checkpoint(uninterrupted), TrainerBytes.Checkpoint(resumed));
    }

    [Fact]
    public void Adam_starts_afresh_for_D_and_G_when_a_fade_in_begins_and_when_it_ends()
    {
        using var run = TwoStepPhases();
        using var trainer = new ProganTrainer(run.Setup);
        var counts = new List<(long Generator, long Discriminator)>();
        for (var step = 0; step < 7; step++)
        {
            trainer.Step(step);
            counts.Add(AdamStepCounts(trainer));
        }

        // Phases begin at steps 2 (8x8 fades in), 4 (8x8 stable) and 6 (16x16 fades in).
        Assert.Equal([(1L, 1L), (2, 2), (1, 1), (2, 2), (1, 1), (2, 2), (1, 1)], counts);
    }

    [Fact]
    public void A_model_exported_mid_growth_samples_at_the_final_size_what_the_trainer_previews()
    {
        using var run = TinyProgan.Run(steps: 8, shape: new ImageShape(3, 28, 28));
        using var trainer = new ProganTrainer(run.Setup);
        for (var step = 0; step < 2; step++)
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

    private static TinyGanRun TwoStepPhases() =>
        TinyProgan.Run(steps: 16, overrides: new Dictionary<string, object> { [ProganHyperparameters.FinalShareName] = 0.25 });

    /// <summary>The most Adam steps any weight of G and of D has had, read back from a checkpoint as a resumed run would.</summary>
    private static (long Generator, long Discriminator) AdamStepCounts(ProganTrainer trainer)
    {
        using var stream = new MemoryStream(TrainerBytes.Checkpoint(trainer));
        using var generator = new ProganGenerator(trainer.Architecture);
        using var averageGenerator = new ProganGenerator(trainer.Architecture);
        using var discriminator = new ProganDiscriminator(trainer.Architecture);
        using var generatorOptimizer = optim.Adam(generator.parameters());
        using var discriminatorOptimizer = optim.Adam(discriminator.parameters());
        long completedSteps = 0;
        Checkpoint.Read(stream, reader => ProganArchitecture.Read(reader, ProganTrainer.CheckpointMagic), trainer.Architecture,
        [
            new("completed steps", writer => writer.Write(completedSteps), reader => completedSteps = reader.ReadInt64()),
            CheckpointPart.Module("generator", generator),
            CheckpointPart.Module("average generator", averageGenerator),
            CheckpointPart.Module("discriminator", discriminator),
            CheckpointPart.Optimizer("generator optimizer", generatorOptimizer),
            CheckpointPart.Optimizer("discriminator optimizer", discriminatorOptimizer),
        ]);
        return (MostSteps(generatorOptimizer), MostSteps(discriminatorOptimizer));
    }

    private static long MostSteps(Adam optimizer) => optimizer.state_dict().State.Cast<Adam.State>().Max(state => state.step);
}
