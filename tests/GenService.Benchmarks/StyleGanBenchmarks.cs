using System.Diagnostics;
using System.Globalization;
using GenService.ML.Datasets;
using GenService.ML.Families;
using GenService.ML.Families.StyleGan;
using GenService.ML.Imaging;
using static TorchSharp.torch;

namespace GenService.Benchmarks;

/// <summary>
/// StyleGAN at its default hyperparameters on Fashion-MNIST (resized to 32x32 by the trainer): training
/// throughput, then a fixed-budget run whose averaged generator draws a sample grid, a truncation grid and
/// a style-mixing grid, and its scores on the shared feature network.
/// </summary>
public static class StyleGanBenchmarks
{
    private static readonly double[] Truncations = [1, 0.7, 0.5, 0.25, 0];

    public static IEnumerable<Measurement> Run(StyleGanBenchmarkSettings settings, string fashionMnistDirectory)
    {
        var family = new StyleGanFamily();
        var hyperparameters = Hyperparameters.Validate(family.Hyperparameters, null, out _);
        var batchSize = hyperparameters.GetInt(StyleGanHyperparameters.BatchSizeName);
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
            yield return Measurement.Time("StyleGAN training (default hyperparameters)", warmup: 2, settings.ThroughputSteps, batchSize, () =>
            {
                using var scope = NewDisposeScope();
                trainer.Step(step++);
            }, $"batch {batchSize}, {settings.ThroughputSteps} steps, Fashion-MNIST 28x28 resized to 1x32x32");

            var watch = Stopwatch.StartNew();
            var budgetStart = step;
            for (; step < settings.BudgetSteps; step++)
            {
                using var scope = NewDisposeScope();
                trainer.Step(step);
            }
            using (NewDisposeScope())
            using (no_grad())
            {
                var metrics = trainer.Evaluate();
                yield return new Measurement(
                    $"StyleGAN held-out metrics after {step} steps", double.NaN,
                    string.Join(", ", metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:F3}")))
                    + string.Create(CultureInfo.InvariantCulture, $"; {step - budgetStart} steps took {watch.Elapsed.TotalMinutes:F1} min"));
            }

            using var model = (StyleGanModel)Export(family, trainer);
            Directory.CreateDirectory(settings.OutputDirectory);
            WriteGrids(model, settings.OutputDirectory);
            yield return new Measurement("StyleGAN grids", double.NaN,
                $"stylegan-samples.png, stylegan-truncation.png, stylegan-style-mixing.png in {settings.OutputDirectory}");
            IReadOnlyList<Measurement> scores;
            using (var untrained = family.CreateTrainer(setup))
                scores = network.Evaluate($"StyleGAN after {step} steps", model, untrained, train, validation);
            foreach (var score in scores)
                yield return score;

            foreach (var batch in new[] { 1, 64 })
            {
                var seed = 0L;
                yield return Measurement.Time($"StyleGAN sampling in-process, batch {batch}", warmup: 2, Math.Max(4, 256 / batch), batch, () =>
                {
                    using var scope = NewDisposeScope();
                    model.Sample(Enumerable.Range(0, batch).Select(_ => seed++).ToList());
                }, "averaged generator, ψ = 1, float32 [N,1,32,32]");
            }
        }
    }

    private static IGenerativeModel Export(StyleGanFamily family, ITrainer trainer)
    {
        var path = Path.Combine(Path.GetTempPath(), $"genservice-bench-{Guid.NewGuid():N}.bin");
        try
        {
            using (var file = File.Create(path))
                trainer.ExportModel(file);
            return family.LoadModel(path, CPU);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>64 samples; 8 seeds (rows) at ψ = 1 to 0 (columns); and the paper's figure-3 layout of style
    /// mixing: column sources on top, row sources on the left, each cell the row's image with the column's
    /// coarse (4x4 and 8x8) styles.</summary>
    private static void WriteGrids(StyleGanModel model, string directory)
    {
        using var scope = NewDisposeScope();
        var seeds = Enumerable.Range(0, 64).Select(i => (long)i).ToList();
        Write(ImageGrid.Tile(model.Sample(seeds), columns: 8), directory, "stylegan-samples.png");

        var rowSeeds = seeds.Take(8).ToList();
        var byTruncation = stack(Truncations.Select(psi => model.Sample(rowSeeds, psi)).ToArray(), 1);   // [8, P, C, H, W]
        Write(ImageGrid.Tile(byTruncation.flatten(0, 1), columns: Truncations.Length), directory, "stylegan-truncation.png");

        var (sources, destinations) = (seeds.Skip(8).Take(5).ToList(), seeds.Skip(13).Take(5).ToList());
        var coarse = model.StyleResolutions.Select((r, i) => (r, i)).Where(s => s.r <= 8).Select(s => s.i).ToList();
        var mixes = model.MixStyles(destinations, sources, coarse[0], coarse[^1], truncation: 1);                   // [5 · 5, C, H, W]
        var blank = zeros(model.OutputShape.AsBatch(1));
        var rows = new List<Tensor> { blank, model.Sample(sources) };
        var destinationImages = model.Sample(destinations);
        for (var r = 0; r < destinations.Count; r++)
            rows.AddRange([destinationImages[r..(r + 1)], mixes[(r * sources.Count)..((r + 1) * sources.Count)]]);
        Write(ImageGrid.Tile(cat(rows, 0), columns: sources.Count + 1), directory, "stylegan-style-mixing.png");
    }

    private static void Write(Tensor grid, string directory, string name) =>
        File.WriteAllBytes(Path.Combine(directory, name), ImageCodec.Encode(grid, ImageFormat.Png));
}
