using GenService.ML.Families.SocialGan;

namespace GenService.ML.Tests.Families.SocialGan;

public sealed class SocialGanTrainerTests
{
    public SocialGanTrainerTests() => _ = TestTorch.Runtime;

    [Fact]
    public void AFewStepsGiveFiniteLossesAndMoveTheGenerator()
    {
        using var trainer = new SocialGanTrainer(TinySocialGan.Setup());
        var before = TrainerBytes.Export(trainer);

        var losses = Enumerable.Range(0, 3).Select(step => trainer.Step(step)).ToList();
        var metrics = trainer.Evaluate();

        Assert.All(losses, step => Assert.Equal(["loss_d", "loss_g", "variety_l2"], step.Keys.Order()));
        Assert.All(losses.SelectMany(step => step.Values), value => Assert.True(double.IsFinite(value)));
        Assert.NotEqual(before, TrainerBytes.Export(trainer));
        Assert.Equal(
            ["ade", "collision_rate", "constant_velocity_ade", "constant_velocity_fde", "fde", "linear_ade", "linear_fde", "truth_collision_rate"],
            metrics.Keys.Order());
        Assert.All(metrics.Values, value => Assert.True(double.IsFinite(value) && value >= 0));
        Assert.True(metrics["constant_velocity_fde"] > metrics["constant_velocity_ade"]);
        Assert.InRange(metrics["collision_rate"], 0, 1);
    }

    [Fact]
    public void TheSameSeedGivesTheSameNumbersAndAnotherSeedOthers()
    {
        using var first = new SocialGanTrainer(TinySocialGan.Setup(seed: 5));
        using var again = new SocialGanTrainer(TinySocialGan.Setup(seed: 5));
        using var other = new SocialGanTrainer(TinySocialGan.Setup(seed: 6));

        var a = Enumerable.Range(0, 2).Select(step => first.Step(step)).ToList();
        var b = Enumerable.Range(0, 2).Select(step => again.Step(step)).ToList();
        var c = Enumerable.Range(0, 2).Select(step => other.Step(step)).ToList();

        Assert.Equal(a, b);
        Assert.Equal(TrainerBytes.Export(first), TrainerBytes.Export(again));
        Assert.NotEqual(a, c);
        Assert.Equal(first.Evaluate(), again.Evaluate());
    }

    [Fact]
    public void AnExportedModelForecastsTheSameNumbersForTheSameSeedAndTheCheckpointResumesTheRun()
    {
        using var trainer = new SocialGanTrainer(TinySocialGan.Setup());
        trainer.Step(0);
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, TrainerBytes.Export(trainer));
            using var model = (SocialGanModel)new SocialGanFamily().LoadModel(path, TorchSharp.torch.CPU);
            using var observed = TorchSharp.torch.randn([8, 3, 2]);

            using var forecast = model.Forecast(observed, samples: 4, seed: 11);
            using var same = model.Forecast(observed, samples: 4, seed: 11);
            using var other = model.Forecast(observed, samples: 4, seed: 12);

            Assert.Equal([4L, 8, 3, 2], forecast.shape);
            Assert.True(forecast.equal(same).all().item<bool>());
            Assert.False(forecast.equal(other).all().item<bool>());
        }
        finally
        {
            File.Delete(path);
        }

        var checkpoint = TrainerBytes.Checkpoint(trainer);
        using var resumed = new SocialGanTrainer(TinySocialGan.Setup());
        using (var stream = new MemoryStream(checkpoint))
            resumed.LoadCheckpoint(stream);
        Assert.Equal(trainer.Step(1), resumed.Step(1));
    }

    [Fact]
    public void ThePreviewPlotsHeldOutWindowsWithTheirForecasts()
    {
        using var trainer = new SocialGanTrainer(TinySocialGan.Setup());

        using var preview = trainer.Preview([1, 2]);

        Assert.Equal([2L, 3, SocialGanArchitecture.PlotSize, SocialGanArchitecture.PlotSize], preview.shape);
        Assert.InRange(preview.min().item<float>(), 0, 1);
        Assert.True(preview.max().item<float>() <= 1);
    }
}
