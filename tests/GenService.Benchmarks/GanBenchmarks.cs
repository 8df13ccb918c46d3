using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GenService.ML.Adversarial;
using GenService.ML.Datasets;
using GenService.ML.Families;
using GenService.ML.Families.Dcgan;
using GenService.ML.Families.Progan;
using GenService.ML.Imaging;
using static TorchSharp.torch;

namespace GenService.Benchmarks;

/// <summary>
/// The GAN families called directly at their default hyperparameters on Fashion-MNIST: training throughput,
/// then a fixed budget of steps, the held-out metrics, a grid of 64 samples (seeds 0..63) and the scores on the shared
/// feature network per configuration.
/// </summary>
public static class GanBenchmarks
{
    /// <summary>An architecture and the hyperparameters it is run with beside its defaults.</summary>
    private sealed record Configuration(string Name, IModelFamily Family, IReadOnlyDictionary<string, JsonElement> Settings);

    public static IEnumerable<Measurement> Run(GanBenchmarkSettings settings, string fashionMnistDirectory)
    {
        using var all = FashionMnist.Read(fashionMnistDirectory, FashionMnistSplit.Train, settings.TrainImages);
        var (train, validation) = all.Split(0.1, seed: 1);
        using (train)
        using (validation)
        {
            var network = SharedFeatureNetwork.Get(fashionMnistDirectory, settings.FeatureSteps);
            yield return new Measurement("Feature network", double.NaN, network.ToString());
            Directory.CreateDirectory(settings.OutputDirectory);
            foreach (var configuration in Configurations(settings.Configurations))
            {
                foreach (var measurement in Run(configuration, settings, train, validation, network))
                    yield return measurement;
            }
        }
    }

    private static IEnumerable<Configuration> Configurations(string[] only)
    {
        var dcgan = new DcganFamily();
        var all = AdversarialObjectives.Names
            .Select(objective => new Configuration($"dcgan:{objective}", dcgan, Settings(DcganHyperparameters.ObjectiveName, objective)))
            .Append(new Configuration("progan", new ProganFamily(), new Dictionary<string, JsonElement>()))
            .ToList();
        var unknown = only.Except(all.Select(c => c.Name)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Unknown configuration {string.Join(", ", unknown)}. Known: {string.Join(", ", all.Select(c => c.Name))}.");
        return only.Length == 0 ? all : all.Where(c => only.Contains(c.Name));
    }

    private static Dictionary<string, JsonElement> Settings(string name, string value) =>
        new(StringComparer.Ordinal) { [name] = JsonSerializer.SerializeToElement(value) };

    private static IEnumerable<Measurement> Run(Configuration configuration, GanBenchmarkSettings settings, DatasetTensors train, DatasetTensors validation, SharedFeatureNetwork network)
    {
        // The run's length is the budget, so Progressive GAN's growth schedule fits into it.
        var supplied = new Dictionary<string, JsonElement>(configuration.Settings) { ["steps"] = JsonSerializer.SerializeToElement(settings.BudgetSteps) };
        var hyperparameters = Hyperparameters.Validate(configuration.Family.Hyperparameters, supplied, out var errors);
        if (errors.Count > 0)
            throw new ArgumentException($"{configuration.Name}: {string.Join("; ", errors.Keys)}");
        var batchSize = hyperparameters.GetInt("batch_size");
        var criticSteps = hyperparameters.Values.TryGetValue("critic_steps", out var critic) ? (int)critic : 1;
        // wgan's critic catches up with more D steps before some G steps; the Progressive GAN takes one.
        Func<long, int> criticStepsAt = configuration.Family is DcganFamily ? DcganHyperparameters.From(hyperparameters).CriticStepsAt : _ => 1;
        var shape = configuration.Family.OutputShape(train.Shape);
        var setup = new TrainingSetup(hyperparameters, train, validation, CPU, Seed: 1);

        // Throughput on a trainer of its own, stepped at the end of the schedule: Progressive GAN's final resolution.
        using (var timed = configuration.Family.CreateTrainer(setup))
        {
            var timedStep = Math.Max(0L, settings.BudgetSteps - settings.ThroughputSteps - 2);
            // images/s counts the real images D reads: batch × critic steps per generator step; the timed steps
            // skip wgan's catch-up steps, which would read more.
            yield return Measurement.Time($"{configuration.Name} training", warmup: 2, settings.ThroughputSteps, batchSize * criticSteps, () =>
            {
                using var scope = NewDisposeScope();
                while (criticStepsAt(timedStep) != criticSteps)
                    timedStep++;
                timed.Step(timedStep++);
            }, $"batch {batchSize} x {criticSteps} critic step(s) per G step, {shape.Channels}x{shape.Height}x{shape.Width}");
        }

        using var trainer = configuration.Family.CreateTrainer(setup);
        var losses = new Dictionary<string, double>();
        var watch = Stopwatch.StartNew();
        var criticStepsTaken = 0L;
        for (var step = 0L; step < settings.BudgetSteps; step++)
        {
            criticStepsTaken += criticStepsAt(step);
            using var scope = NewDisposeScope();
            losses = new Dictionary<string, double>(trainer.Step(step));
        }
        using (NewDisposeScope())
        using (no_grad())
        {
            var metrics = trainer.Evaluate();
            yield return new Measurement(
                $"{configuration.Name} after {settings.BudgetSteps} steps", batchSize * criticStepsTaken / watch.Elapsed.TotalSeconds,
                $"{watch.Elapsed.TotalMinutes:F1} min; held-out: {Measurement.Format(metrics)}; last step: {Measurement.Format(losses)}");
        }

        IReadOnlyList<Measurement> scores;
        var path = Path.Combine(Path.GetTempPath(), $"genservice-gan-bench-{Guid.NewGuid():N}.bin");
        try
        {
            using (var file = File.Create(path))
                trainer.ExportModel(file);
            using var model = configuration.Family.LoadModel(path, CPU);
            using (NewDisposeScope())
            {
                var grid = ImageGrid.Tile(((ISampler)model).Sample(Enumerable.Range(0, 64).Select(i => (long)i).ToList()), columns: 8);
                var name = configuration.Name.Replace(':', '-');
                File.WriteAllBytes(Path.Combine(settings.OutputDirectory, $"{name}-{settings.BudgetSteps}-steps.png"), ImageCodec.Encode(grid, ImageFormat.Png));
            }
            using var untrained = configuration.Family.CreateTrainer(setup);
            scores = network.Evaluate(configuration.Name, model, untrained, train, validation);
        }
        finally
        {
            File.Delete(path);
        }
        foreach (var score in scores)
            yield return score;
    }
}
