using GenService.ML.Families;
using GenService.ML.Families.StyleGan;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.StyleGan;

public class StyleGanTrainerTests
{
    public StyleGanTrainerTests() => _ = TestTorch.Runtime;

    [Fact]
    public void StepReportsFiniteLossesAndR1OnlyOnRegularisationSteps()
    {
        using var run = TinyStyleGanRun.Noise(new ImageShape(1, 16, 16));
        using var trainer = new StyleGanTrainer(run.Setup);

        var regularised = trainer.Step(0);
        var plain = trainer.Step(1);

        Assert.Equal(["d_fake", "d_real", "loss_d", "loss_g", "r1"], regularised.Keys.Order());
        Assert.Equal(["d_fake", "d_real", "loss_d", "loss_g"], plain.Keys.Order());
        Assert.All(regularised.Values.Concat(plain.Values), value => Assert.True(double.IsFinite(value)));
        Assert.True(regularised["r1"] >= 0);
        // At initialisation D can tell nothing apart: both losses near 2·ln 2 and ln 2.
        Assert.InRange(regularised["loss_d"], 1.0, 1.8);
    }

    [Fact]
    public void StepsChangeBothNetworksAndTheAverageLagsBehindTheLiveWeights()
    {
        using var run = TinyStyleGanRun.Noise(new ImageShape(3, 16, 16));
        using var trainer = new StyleGanTrainer(run.Setup);
        var generatorBefore = Weights(trainer.Generator);
        var discriminatorBefore = Weights(trainer.Discriminator);
        var averageBefore = Weights(trainer.AverageGenerator);

        for (var step = 0; step < 3; step++)
            trainer.Step(step);

        var (generator, average) = (Weights(trainer.Generator), Weights(trainer.AverageGenerator));
        Assert.Equal(generatorBefore, averageBefore);   // the average starts as a copy
        Assert.NotEqual(generatorBefore, generator);
        Assert.NotEqual(discriminatorBefore, Weights(trainer.Discriminator));
        Assert.NotEqual(averageBefore, average);
        Assert.NotEqual(generator, average);
        // w̄ is tracked in the live mapping network and copied into the average.
        Assert.True(trainer.Generator.Mapping.AverageW.abs().sum().item<float>() > 0);
        Assert.Equal(trainer.Generator.Mapping.AverageW.data<float>().ToArray(), trainer.AverageGenerator.Mapping.AverageW.data<float>().ToArray());
    }

    [Fact]
    public void WithARampUpTheFirstStepCopiesTheGeneratorAndTheHalfLifeGrowsToItsSetting()
    {
        using var run = TinyStyleGanRun.Noise(new ImageShape(1, 16, 16),
            overrides: new Dictionary<string, double> { [StyleGanHyperparameters.EmaRampUpName] = 0.05 });
        using var trainer = new StyleGanTrainer(run.Setup);

        trainer.Step(0);

        Assert.Equal(Weights(trainer.Generator), Weights(trainer.AverageGenerator));
        // 8 images a step, half-life 100: ramped to 0.05 · 8 · step images until step 250.
        Assert.Equal(Math.Pow(0.5, 8 / (0.05 * 8 * 10)), trainer.AverageBetaAt(10), 12);
        Assert.Equal(Math.Pow(0.5, 8 / 100.0), trainer.AverageBetaAt(250), 12);
        Assert.Equal(Math.Pow(0.5, 8 / 100.0), trainer.AverageBetaAt(10_000), 12);
    }

    [Fact]
    public void TheMinibatchGroupSizeReachesTheDiscriminator()
    {
        using var groupsOfFour = TinyStyleGanRun.Noise(new ImageShape(1, 16, 16));
        using var wholeBatch = TinyStyleGanRun.Noise(new ImageShape(1, 16, 16),
            overrides: new Dictionary<string, double> { [StyleGanHyperparameters.MinibatchGroupSizeName] = 8 });
        using var four = new StyleGanTrainer(groupsOfFour.Setup);
        using var eight = new StyleGanTrainer(wholeBatch.Setup);

        // The same seed, weights and images: only the deviation's groups differ, so D's scores do.
        Assert.Equal(Weights(four.Discriminator), Weights(eight.Discriminator));
        Assert.NotEqual(four.Step(0)["d_real"], eight.Step(0)["d_real"]);
    }

    [Fact]
    public void TrainsOn28PixelImagesAt32()
    {
        using var run = TinyStyleGanRun.Noise(new ImageShape(1, 28, 28), count: 12);
        using var trainer = new StyleGanTrainer(run.Setup);
        using var scope = NewDisposeScope();

        Assert.All(trainer.Step(0).Values, value => Assert.True(double.IsFinite(value)));
        Assert.Equal(new ImageShape(1, 32, 32), trainer.Architecture.Shape);
        Assert.Equal([2L, 1, 32, 32], trainer.Preview([0, 1]).shape);
        Assert.Equal(new ImageShape(1, 28, 28), run.Train.Shape);
    }

    [Fact]
    public void EvaluateReportsDiscriminatorScoresDeterministically()
    {
        using var run = TinyStyleGanRun.Noise(new ImageShape(1, 16, 16));
        using var trainer = new StyleGanTrainer(run.Setup);
        trainer.Step(0);

        var first = trainer.Evaluate();

        Assert.Equal(["d_accuracy", "d_fake_average", "d_real_heldout", "d_real_train"], first.Keys.Order());
        Assert.All(first.Values, value => Assert.True(double.IsFinite(value)));
        Assert.InRange(first["d_accuracy"], 0, 1);
        Assert.Equal(first, trainer.Evaluate());
    }

    [Fact]
    public void SameSeedGivesTheSameRun()
    {
        using var run = TinyStyleGanRun.Noise(new ImageShape(1, 16, 16));
        using var first = new StyleGanTrainer(run.Setup);
        using var second = new StyleGanTrainer(run.Setup);

        Assert.Equal(first.Step(0), second.Step(0));
        Assert.Equal(first.Step(1), second.Step(1));
    }

    /// <summary>Four steps in one go equal two, a checkpoint round trip, and two more: weights, the average,
    /// w̄, both Adams and the per-step randomness all carry over (steps 2 and 3 include an R1 step).</summary>
    [Fact]
    public void ResumingFromACheckpointContinuesExactly()
    {
        using var run = TinyStyleGanRun.Noise(new ImageShape(1, 16, 16));
        using var uninterrupted = new StyleGanTrainer(run.Setup);
        using var interrupted = new StyleGanTrainer(run.Setup);
        StepBoth(uninterrupted, interrupted, steps: 2);
        using var checkpoint = new MemoryStream();
        interrupted.SaveCheckpoint(checkpoint);

        using var resumed = new StyleGanTrainer(run.Setup);
        checkpoint.Position = 0;
        resumed.LoadCheckpoint(checkpoint);

        AssertContinuesAlike(uninterrupted, resumed);
    }

    /// <summary>What a rollback does: a step that went NaN poisons the weights, both Adams and the average;
    /// loading the last checkpoint into the same trainer must undo all of it.</summary>
    [Fact]
    public void LoadingACheckpointAfterANonFiniteStepContinuesExactly()
    {
        using var run = TinyStyleGanRun.Noise(new ImageShape(1, 16, 16));
        using var uninterrupted = new StyleGanTrainer(run.Setup);
        using var rolledBack = new StyleGanTrainer(run.Setup);
        StepBoth(uninterrupted, rolledBack, steps: 2);
        using var checkpoint = new MemoryStream();
        rolledBack.SaveCheckpoint(checkpoint);
        using (no_grad())
            rolledBack.Discriminator.parameters().First().fill_(float.NaN);
        Assert.Contains(rolledBack.Step(2).Values, value => !double.IsFinite(value));

        checkpoint.Position = 0;
        rolledBack.LoadCheckpoint(checkpoint);

        AssertContinuesAlike(uninterrupted, rolledBack);
    }

    [Fact]
    public void CheckpointOfAnotherArchitectureIsRefused()
    {
        using var run = TinyStyleGanRun.Noise(new ImageShape(1, 16, 16));
        using var wider = TinyStyleGanRun.Noise(new ImageShape(1, 16, 16), overrides: new Dictionary<string, double> { [StyleGanHyperparameters.MaxChannelsName] = 4 });
        using var trainer = new StyleGanTrainer(run.Setup);
        using var other = new StyleGanTrainer(wider.Setup);
        using var checkpoint = new MemoryStream();
        other.SaveCheckpoint(checkpoint);
        checkpoint.Position = 0;

        Assert.Throws<InvalidDataException>(() => trainer.LoadCheckpoint(checkpoint));
    }

    [Fact]
    public void BatchSizeLargerThanTheDatasetUsesTheWholeDataset()
    {
        using var run = TinyStyleGanRun.Noise(new ImageShape(1, 16, 16), count: 5, overrides: new Dictionary<string, double> { [StyleGanHyperparameters.BatchSizeName] = 64 });
        using var trainer = new StyleGanTrainer(run.Setup);

        Assert.All(trainer.Step(0).Values, value => Assert.True(double.IsFinite(value)));
    }

    [Fact]
    public void UnsupportedShapeIsRefused()
    {
        using var run = TinyStyleGanRun.Noise(new ImageShape(1, 12, 12), count: 4);

        var error = Assert.Throws<ArgumentException>(() => new StyleGanTrainer(run.Setup));
        Assert.Contains("12", error.Message, StringComparison.Ordinal);
    }

    /// <summary>All parameters of a network, flattened into one array.</summary>
    private static float[] Weights(TorchSharp.torch.nn.Module network)
    {
        using var scope = NewDisposeScope();
        return cat(network.parameters().Select(p => p.detach().flatten()).ToArray()).data<float>().ToArray();
    }

    private static void StepBoth(StyleGanTrainer first, StyleGanTrainer second, int steps)
    {
        for (var step = 0; step < steps; step++)
        {
            first.Step(step);
            second.Step(step);
        }
    }

    /// <summary>Steps 2 and 3 give the same losses and end in the same checkpoint.</summary>
    private static void AssertContinuesAlike(StyleGanTrainer expected, StyleGanTrainer actual)
    {
        Assert.Equal(expected.Step(2), actual.Step(2));
        Assert.Equal(expected.Step(3), actual.Step(3));
        Assert.Equal(Checkpoint(expected), Checkpoint(actual));
    }

    private static byte[] Checkpoint(StyleGanTrainer trainer)
    {
        using var stream = new MemoryStream();
        trainer.SaveCheckpoint(stream);
        return stream.ToArray();
    }
}
