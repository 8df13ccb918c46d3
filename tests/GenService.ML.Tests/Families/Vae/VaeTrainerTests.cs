using GenService.ML.Families;
using GenService.ML.Families.Vae;

namespace GenService.ML.Tests.Families.Vae;

public class VaeTrainerTests
{
    public VaeTrainerTests() => _ = TestTorch.Runtime;

    [Fact]
    public void StepReportsFiniteElboTermsAndChangesTheWeights()
    {
        using var run = TinyVaeRun.Noise(new ImageShape(1, 28, 28));
        using var trainer = new VaeTrainer(run.Setup);
        var before = Export(trainer);

        var losses = trainer.Step(0);

        Assert.Equal(["bits_per_dim", "elbo", "kl", "reconstruction_log_likelihood"], losses.Keys.Order());
        Assert.All(losses.Values, value => Assert.True(double.IsFinite(value)));
        Assert.Equal(losses["reconstruction_log_likelihood"] - losses["kl"], losses["elbo"], 6);
        Assert.True(losses["kl"] >= 0);
        Assert.NotEqual(before, Export(trainer));
    }

    [Fact]
    public void TrainsOnColourImages()
    {
        using var run = TinyVaeRun.Noise(new ImageShape(3, 32, 32), count: 20);
        using var trainer = new VaeTrainer(run.Setup);

        Assert.All(trainer.Step(0).Values, value => Assert.True(double.IsFinite(value)));
        Assert.All(trainer.Evaluate().Values, value => Assert.True(double.IsFinite(value)));
    }

    [Fact]
    public void ElboRisesOnATriviallyLearnableDataset()
    {
        using var run = TinyVaeRun.Quadrants();
        using var trainer = new VaeTrainer(run.Setup);
        var heldOutBefore = trainer.Evaluate();

        var elbos = Enumerable.Range(0, 80).Select(step => trainer.Step(step)["elbo"]).ToArray();
        var heldOutAfter = trainer.Evaluate();

        Assert.True(elbos[^5..].Average() > elbos[..5].Average() + 50, $"ELBO went from {elbos[..5].Average()} to {elbos[^5..].Average()}.");
        Assert.True(heldOutAfter["elbo"] > heldOutBefore["elbo"]);
        Assert.True(heldOutAfter["bits_per_dim"] < heldOutBefore["bits_per_dim"]);
    }

    [Fact]
    public void EvaluateIsDeterministic()
    {
        using var run = TinyVaeRun.Noise(new ImageShape(1, 16, 16));
        using var trainer = new VaeTrainer(run.Setup);
        trainer.Step(0);

        Assert.Equal(trainer.Evaluate(), trainer.Evaluate());
    }

    [Fact]
    public void SameSeedGivesTheSameRun()
    {
        using var run = TinyVaeRun.Noise(new ImageShape(1, 16, 16));
        using var first = new VaeTrainer(run.Setup);
        using var second = new VaeTrainer(run.Setup);

        Assert.Equal(first.Step(0), second.Step(0));
        Assert.Equal(first.Step(1), second.Step(1));
    }

    [Fact]
    public void ResumingFromACheckpointContinuesExactly()
    {
        using var run = TinyVaeRun.Noise(new ImageShape(1, 16, 16));
        using var uninterrupted = new VaeTrainer(run.Setup);
        for (var step = 0; step < 3; step++)
            uninterrupted.Step(step);
        using var checkpoint = new MemoryStream();
        uninterrupted.SaveCheckpoint(checkpoint);

        using var resumed = new VaeTrainer(run.Setup);
        checkpoint.Position = 0;
        resumed.LoadCheckpoint(checkpoint);

        // Step 3's losses depend only on the weights; step 4's, and the weights after it, also on
        // the Adam moments and step counts accumulated over steps 0 to 3.
        Assert.Equal(uninterrupted.Step(3), resumed.Step(3));
        Assert.Equal(uninterrupted.Step(4), resumed.Step(4));
        Assert.Equal(Export(uninterrupted), Export(resumed));
    }

    [Fact]
    public void CheckpointCarriesAdamsMomentsBesideTheWeights()
    {
        // Without the prior mixture the exported model is the weights alone.
        using var run = TinyVaeRun.Noise(new ImageShape(1, 16, 16), overrides: new Dictionary<string, double> { [VaeHyperparameters.PriorName] = (int)LatentPrior.StandardNormal });
        using var trainer = new VaeTrainer(run.Setup);
        trainer.Step(0);
        using var checkpoint = new MemoryStream();
        trainer.SaveCheckpoint(checkpoint);

        // Weights, then Adam's first and second moment of every weight.
        Assert.True(checkpoint.Length > 2.9 * Export(trainer).Length);
    }

    [Fact]
    public void CheckpointOfAnotherArchitectureIsRefused()
    {
        using var run = TinyVaeRun.Noise(new ImageShape(1, 16, 16));
        using var wider = TinyVaeRun.Noise(new ImageShape(1, 16, 16), overrides: new Dictionary<string, double> { [VaeHyperparameters.BaseChannelsName] = 8 });
        using var trainer = new VaeTrainer(run.Setup);
        using var other = new VaeTrainer(wider.Setup);
        using var checkpoint = new MemoryStream();
        other.SaveCheckpoint(checkpoint);
        checkpoint.Position = 0;

        Assert.Throws<InvalidDataException>(() => trainer.LoadCheckpoint(checkpoint));
    }

    [Fact]
    public void BatchSizeLargerThanTheDatasetUsesTheWholeDataset()
    {
        using var run = TinyVaeRun.Noise(new ImageShape(1, 16, 16), count: 5, overrides: new Dictionary<string, double> { [VaeHyperparameters.BatchSizeName] = 64 });
        using var trainer = new VaeTrainer(run.Setup);

        Assert.All(trainer.Step(0).Values, value => Assert.True(double.IsFinite(value)));
    }

    [Fact]
    public void UnsupportedShapeIsRefused()
    {
        using var run = TinyVaeRun.Noise(new ImageShape(1, 30, 30), count: 4);

        var error = Assert.Throws<ArgumentException>(() => new VaeTrainer(run.Setup));
        Assert.Contains("30", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Export(VaeTrainer trainer)
    {
        using var stream = new MemoryStream();
        trainer.ExportModel(stream);
        return stream.ToArray();
    }
}
