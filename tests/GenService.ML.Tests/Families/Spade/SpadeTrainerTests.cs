using GenService.ML.Families;
using GenService.ML.Families.Spade;
using GenService.ML.Training;
using GenService.ML.Tests.Families.Vae;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.Spade;

public sealed class SpadeTrainerTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("spade-trainer-tests").FullName;

    public SpadeTrainerTests() => _ = TestTorch.Runtime;

    [Fact]
    public void The_defaults_are_the_papers_optimiser_and_loss_settings()
    {
        var defaults = SpadeHyperparameters.Specs.ToDictionary(s => s.Name, s => s.Default);

        Assert.Equal(1e-4, defaults[SpadeHyperparameters.GeneratorLearningRateName]);
        Assert.Equal(4e-4, defaults[SpadeHyperparameters.DiscriminatorLearningRateName]);
        Assert.Equal(0, defaults[SpadeHyperparameters.Beta1Name]);
        Assert.Equal(0.9, defaults[SpadeHyperparameters.Beta2Name]);
        Assert.Equal(10, defaults[SpadeHyperparameters.FeatureMatchingWeightName]);
        Assert.Equal(0.05, defaults[SpadeHyperparameters.KlWeightName]);
        Assert.Equal(256, defaults[SpadeHyperparameters.LatentDimensionName]);
        Assert.Equal((int)SpadeNormalisationKind.Batch, defaults[SpadeHyperparameters.NormalisationName]);
    }

    [Fact]
    public void A_few_steps_give_finite_losses_and_move_every_network()
    {
        using var run = TinySpade.Run();
        using var trainer = new SpadeTrainer(run.Setup);
        var exported = TrainerBytes.Export(trainer);
        var checkpoint = TrainerBytes.Checkpoint(trainer);

        var losses = Enumerable.Range(0, 3).Select(step => trainer.Step(step)).ToList();

        Assert.All(losses, step => Assert.Equal(
            ["d_fake_score", "d_real_score", "loss_d", "loss_feature_matching", "loss_g", "loss_kl"], step.Keys.Order()));
        Assert.All(losses.SelectMany(step => step.Values), value => Assert.True(double.IsFinite(value)));
        Assert.NotEqual(exported, TrainerBytes.Export(trainer));
        Assert.NotEqual(checkpoint, TrainerBytes.Checkpoint(trainer));
        var evaluation = trainer.Evaluate();
        Assert.Equal(["l1_own_style", "loss_kl"], evaluation.Keys.Order());
        Assert.All(evaluation.Values, value => Assert.True(double.IsFinite(value)));
    }

    [Fact]
    public void The_label_channels_follow_the_classes_and_leave_dont_care_out()
    {
        using var run = TinySpade.Run();
        using var trainer = new SpadeTrainer(run.Setup);

        Assert.Equal(run.Train.Classes.Max(c => c.Index) + 1, trainer.Architecture.LabelChannels);
        Assert.Null(trainer.Architecture.DontCareIndex);
        Assert.Equal(new ImageShape(3, 32, 32), trainer.Architecture.Shape);
    }

    [Fact]
    public void The_same_seed_trains_and_renders_the_same_bytes_and_the_checkpoint_resumes_exactly()
    {
        using var runA = TinySpade.Run(seed: 11);
        using var runB = TinySpade.Run(seed: 11);
        using var a = new SpadeTrainer(runA.Setup);
        using var b = new SpadeTrainer(runB.Setup);
        a.Step(0);
        b.Step(0);
        using (var saved = new MemoryStream(TrainerBytes.Checkpoint(a)))
        {
            using var resumed = new SpadeTrainer(runA.Setup);
            resumed.LoadCheckpoint(saved);
            resumed.Step(1);
            a.Step(1);
            b.Step(1);
            Assert.Equal(TrainerBytes.Export(a), TrainerBytes.Export(resumed));
        }

        Assert.Equal(TrainerBytes.Export(a), TrainerBytes.Export(b));
        using var scope = NewDisposeScope();
        Assert.True(TensorComparison.Identical(a.Preview([0, 1]), b.Preview([0, 1])));
    }

    [Fact]
    public void A_loaded_model_renders_a_map_the_same_again_and_alike_alone_and_a_style_image_changes_it()
    {
        using var run = TinySpade.Run();
        using (var trainer = new SpadeTrainer(run.Setup))
        {
            trainer.Step(0);
            using var stream = File.Create(Path.Combine(directory, "spade.model"));
            trainer.ExportModel(stream);
        }
        using var model = (SpadeModel)new SpadeFamily().LoadModel(Path.Combine(directory, "spade.model"), CPU);
        using var scope = NewDisposeScope();
        var maps = run.Validation.Maps.to_type(ScalarType.Int64);
        var styles = run.Train.Images.narrow(0, 0, 2).to_type(ScalarType.Float32).div(255);

        var batch = model.Render(maps, null, [5, 6]);
        var alone = model.Render(maps.narrow(0, 1, 1), null, [6]);
        var styled = model.Render(maps, styles, [5, 6]);

        Assert.Equal([2, 3, 32, 32], batch.shape);
        Assert.True(TensorComparison.Close(batch[1], alone[0]));
        Assert.True(TensorComparison.Identical(batch, model.Render(maps, null, [5, 6])));
        Assert.False(TensorComparison.Identical(batch[0], model.Render(maps.narrow(0, 0, 1), null, [7])[0]));
        Assert.False(TensorComparison.Identical(styled, batch));
        Assert.Throws<ArgumentException>(() => model.Render(maps.narrow(1, 0, 16), null, [5, 6]));
    }

    [Fact]
    public void Images_datasets_are_refused()
    {
        using var run = TinyGanRun.Create(SpadeHyperparameters.Specs, new ImageShape(3, 32, 32), TinySpade.TinySettings);

        Assert.Contains("label-map", Assert.Throws<ArgumentException>(() => new SpadeTrainer(run.Setup)).Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
