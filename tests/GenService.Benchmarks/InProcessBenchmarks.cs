using System.Globalization;
using GenService.ML.Datasets;
using GenService.ML.Families;
using GenService.ML.Families.Vae;
using GenService.ML.Imaging;
using static TorchSharp.torch;

namespace GenService.Benchmarks;

/// <summary>The VAE family called directly, without the service: training steps, its scores on the shared feature
/// network, and sampling.</summary>
public static class InProcessBenchmarks
{
    public static IEnumerable<Measurement> Run(BenchmarkSettings settings, string fashionMnistDirectory)
    {
        var family = new VaeFamily();
        var hyperparameters = Hyperparameters.Validate(family.Hyperparameters, null, out _);
        var batchSize = hyperparameters.GetInt("batch_size");
        var network = SharedFeatureNetwork.Get(fashionMnistDirectory, settings.FeatureSteps);
        yield return new Measurement("Feature network", double.NaN, network.ToString());
        using var all = FashionMnist.Read(fashionMnistDirectory, FashionMnistSplit.Train, settings.TrainImages);
        var (train, validation) = all.Split(0.1, seed: 1);
        var setup = new TrainingSetup(hyperparameters, train, validation, CPU, Seed: 1);
        using (train)
        using (validation)
        using (var trainer = family.CreateTrainer(setup))
        {
            var step = 0L;
            yield return Measurement.Time("VAE training (default hyperparameters)", warmup: 5, settings.TrainSteps, batchSize, () =>
            {
                using var scope = NewDisposeScope();
                trainer.Step(step++);
            }, $"batch {batchSize}, {settings.TrainSteps} steps, 1x28x28");

            // Quality: train on to a fixed budget, then the held-out ELBO and a sample grid to look at.
            for (; step < settings.QualitySteps; step++)
            {
                using var scope = NewDisposeScope();
                trainer.Step(step);
            }
            using (NewDisposeScope())
            using (no_grad())
            {
                var metrics = trainer.Evaluate();
                yield return new Measurement(
                    $"VAE held-out metrics after {step} steps", double.NaN,
                    string.Join(", ", metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:F2}"))));
            }

            var path = Path.Combine(Path.GetTempPath(), $"genservice-bench-{Guid.NewGuid():N}.bin");
            using (var file = File.Create(path))
                trainer.ExportModel(file);
            using var model = family.LoadModel(path, CPU);
            File.Delete(path);
            var sampler = (ISampler)model;
            Directory.CreateDirectory(settings.OutputDirectory);
            using (NewDisposeScope())
            {
                var grid = ImageGrid.Tile(sampler.Sample(Enumerable.Range(0, 64).Select(i => (long)i).ToList()), columns: 8);
                File.WriteAllBytes(Path.Combine(settings.OutputDirectory, "vae-samples.png"), ImageCodec.Encode(grid, ImageFormat.Png));
            }
            IReadOnlyList<Measurement> scores;
            using (var untrained = family.CreateTrainer(setup))
                scores = network.Evaluate($"VAE after {step} steps", model, untrained, train, validation);
            foreach (var score in scores)
                yield return score;
            foreach (var batch in new[] { 1, 64 })
            {
                var seed = 0L;
                yield return Measurement.Time($"VAE sampling in-process, batch {batch}", warmup: 5, settings.SampleRounds / batch * 4 + 5, batch, () =>
                {
                    using var scope = NewDisposeScope();
                    sampler.Sample(Enumerable.Range(0, batch).Select(i => seed++).ToList());
                }, "decoder mean, float32 [N,1,28,28]");
            }
        }
    }
}
