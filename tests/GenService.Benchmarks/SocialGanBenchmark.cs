using System.Globalization;
using GenService.ML.Datasets.Trajectories;
using GenService.ML.Families;
using GenService.ML.Families.SocialGan;
using GenService.ML.Imaging;
using static TorchSharp.torch;

namespace GenService.Benchmarks;

/// <summary>
/// The <c>socialgan</c> command: Social GAN at its default hyperparameters trained on the crowd simulator's scenes, called
/// directly as the training job calls it, once with the pooling module and once without (the paper's ablation); each
/// exported model, read back by the family, is scored as the service's evaluation scores it (<see cref="ForecastEvaluation"/>:
/// best-of-20 ADE/FDE beside the constant-velocity and linear baselines, collision share beside the truth's) on simulated
/// test scenes and on an ETH/UCY-format scene file, and plots a few held-out windows with their futures.
/// </summary>
public static class SocialGanBenchmark
{
    private const int PlottedWindows = 3;
    private const int PlottedFutures = 5;

    public static IEnumerable<Measurement> Run(SocialGanBenchmarkSettings settings)
    {
        Directory.CreateDirectory(settings.OutputDirectory);
        var simulated = CrowdSimulator.Simulate((ulong)settings.Seed, settings.TrainScenes, settings.HeldOutScenes, settings.HeldOutScenes, settings.Frames);
        var train = simulated.Where(s => s.Split == TrajectorySplit.Train).ToList();
        var validation = simulated.Where(s => s.Split == TrajectorySplit.Validation).ToList();
        var test = simulated.Where(s => s.Split == TrajectorySplit.Test).ToList();
        TrajectoryScene file;
        using (var reader = File.OpenText(settings.SceneFile))
            file = EthUcyFormat.Read(reader, settings.SceneFile, Path.GetFileNameWithoutExtension(settings.SceneFile), TrajectorySplit.Test);

        var family = new SocialGanFamily();
        foreach (var pooling in new[] { SocialGanHyperparameters.PoolNet, SocialGanHyperparameters.NoPooling })
        {
            var hyperparameters = FamilyTraining.DefaultsWith(family, new Dictionary<string, object>
            {
                [SocialGanHyperparameters.StepsName] = settings.Steps,
                [SocialGanHyperparameters.PoolingName] = pooling,
            });
            using var trainer = family.CreateTrainer(new TrainingSetup(hyperparameters, train, validation, CPU, settings.Seed));
            var (losses, seconds) = FamilyTraining.Run(trainer, settings.Steps);
            yield return new Measurement($"socialgan pooling={pooling} training", settings.Steps / seconds, string.Create(CultureInfo.InvariantCulture,
                $"(generator steps/s) {settings.Steps} steps in {seconds / 60:F1} min on {train.Count} simulated scenes; last losses: {Measurement.Format(losses)}"));

            using var model = FamilyTraining.Export(trainer, family, CPU);
            var forecaster = (ITrajectoryForecaster)model;
            foreach (var (name, scenes) in new[] { ("simulated test scenes", test), ($"{file.Name} (ETH/UCY file)", new List<TrajectoryScene> { file }) })
            {
                var windows = TrajectoryWindows.Cut(scenes, forecaster.ObservedSteps + forecaster.PredictedSteps);
                var figures = ForecastEvaluation.Evaluate(
                    windows, forecaster.ObservedSteps, forecaster.PredictedSteps, batchWindows: 1, CPU,
                    (observed, _, window) => forecaster.Forecast(observed, ForecastEvaluation.Samples, window));
                yield return new Measurement($"socialgan pooling={pooling} on {name}", double.NaN,
                    $"{windows.Count} windows, best of {ForecastEvaluation.Samples}: {Measurement.Format(figures)}");
                Plot(forecaster, windows, Path.Combine(settings.OutputDirectory, $"socialgan-{pooling}-{(scenes == test ? "simulated" : file.Name)}"));
            }
        }
    }

    /// <summary>Writes PREFIX-i.png: window i (the first ones) with <see cref="PlottedFutures"/> forecasts drawn with seed i and what happened.</summary>
    private static void Plot(ITrajectoryForecaster forecaster, IReadOnlyList<TrajectoryWindow> windows, string prefix)
    {
        for (var i = 0; i < Math.Min(PlottedWindows, windows.Count); i++)
        {
            using var scope = NewDisposeScope();
            var (positions, _) = TrajectoryWindows.Batch([windows[i]], forecaster.ObservedSteps + forecaster.PredictedSteps, CPU);
            var observed = positions[..forecaster.ObservedSteps];
            var samples = forecaster.Forecast(observed, PlottedFutures, i);
            var plot = ForecastPlot.Draw(observed, samples, positions[forecaster.ObservedSteps..], SocialGanArchitecture.PlotSize);
            File.WriteAllBytes($"{prefix}-{i}.png", ImageCodec.Encode(plot, ImageFormat.Png));
        }
    }
}
