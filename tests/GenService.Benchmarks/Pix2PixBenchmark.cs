using System.Diagnostics;
using System.Globalization;
using GenService.Api.Training;
using GenService.ML.Datasets;
using GenService.ML.Evaluation;
using GenService.ML.Families;
using GenService.ML.Families.Pix2Pix;
using GenService.ML.Imaging;
using static TorchSharp.torch;

namespace GenService.Benchmarks;

/// <summary>
/// The <c>pix2pix</c> command: pix2pix at its default hyperparameters (edges → image) trained on Fashion-MNIST,
/// called directly as the training job calls it; then the exported model translates the edges of held-out images
/// (Fashion-MNIST's test split), scored against their originals: PSNR, SSIM and L1 at the model's 32x32, and the
/// Fréchet distance on the shared Fashion-MNIST feature network (<see cref="SharedFeatureNetwork"/>), next to the edges
/// themselves as the translation (the baseline to beat) and other real images (the floor). Every set compared there
/// takes the outputs' round trip, the model's 32x32 resized back to the network's 28x28, so that a perfect translator
/// would score the floor.
/// </summary>
public static class Pix2PixBenchmark
{
    private const int GridColumns = 8;
    private const int TranslationBatch = 64;

    public static IEnumerable<Measurement> Run(Pix2PixBenchmarkSettings settings, string fashionMnistDirectory)
    {
        Directory.CreateDirectory(settings.OutputDirectory);
        using var train = FashionMnist.Read(fashionMnistDirectory, FashionMnistSplit.Train, settings.TrainImages);
        using var heldOut = FashionMnist.Read(fashionMnistDirectory, FashionMnistSplit.Test, settings.HeldOut);
        var family = new Pix2PixFamily();
        var hyperparameters = FamilyTraining.DefaultsWith(family, new Dictionary<string, object> { [Pix2PixHyperparameters.StepsName] = settings.Steps });
        var batchSize = hyperparameters.GetInt(Pix2PixHyperparameters.BatchSizeName);
        // The device the service's training defaults to: the first CUDA device, else the CPU.
        var device = TrainingDevice.Select(new TrainingOptions()).ToTorch();

        var watch = Stopwatch.StartNew();
        using var trainer = (Pix2PixTrainer)family.CreateTrainer(new TrainingSetup(hyperparameters, train, heldOut, device, settings.Seed));
        var setupSeconds = watch.Elapsed.TotalSeconds;
        var (losses, trainingSeconds) = FamilyTraining.Run(trainer, settings.Steps);
        yield return new Measurement($"pix2pix edges → Fashion-MNIST training, {settings.Steps} steps", settings.Steps * (double)batchSize / trainingSeconds,
            string.Create(CultureInfo.InvariantCulture,
                $"{trainingSeconds / 60:F1} min ({trainingSeconds / settings.Steps * 1000:F0} ms per step of batch {batchSize}, D then G); " +
                $"pairs derived from {train.Count} + {heldOut.Count} images in {setupSeconds:F0} s; last step: {Measurement.Format(losses)}"));

        using var model = FamilyTraining.Export(trainer, family, device);
        using var scope = NewDisposeScope();
        var (inputs, outputs, targets) = TranslateHeldOut((IImageTranslator)model, heldOut, hyperparameters);
        var modelScores = new TranslationScores();
        var edgeScores = new TranslationScores();
        modelScores.Add(outputs, targets);
        edgeScores.Add(inputs.expand_as(targets), targets);
        yield return new Measurement($"held-out: pix2pix outputs vs targets ({heldOut.Count} images, 32x32)", double.NaN, Measurement.Format(modelScores.ToMetrics()));
        yield return new Measurement($"held-out: edges themselves vs targets ({heldOut.Count} images, 32x32)", double.NaN, Measurement.Format(edgeScores.ToMetrics()));

        var network = SharedFeatureNetwork.Get(fashionMnistDirectory, settings.FeatureSteps);
        using var extractor = network.Load(device);
        Tensor Features(Tensor images) => extractor.Extract(SampleImages.ToShape(SampleImages.Quantise(images), extractor.InputShape));
        // The targets are the held-out images at the model's size, so their features take the outputs' round trip.
        var targetFeatures = Features(targets);
        var count = Math.Min(train.Count, heldOut.Count);
        var floor = FrechetDistance.Compute(
            extractor.Extract(SampleImages.ToShape(SampleImages.ToShape(train.Images.narrow(0, 0, count), model.OutputShape), extractor.InputShape)), targetFeatures);
        yield return new Measurement("FD to held-out targets: pix2pix outputs", double.NaN, string.Create(CultureInfo.InvariantCulture,
            $"{FrechetDistance.Compute(Features(outputs), targetFeatures):F3}; every set at 32x32 resized to 28x28; {network}"));
        yield return new Measurement("FD to held-out targets: edges themselves (baseline)", double.NaN,
            string.Create(CultureInfo.InvariantCulture, $"{FrechetDistance.Compute(Features(inputs), targetFeatures):F3}"));
        yield return new Measurement("FD to held-out targets: other real images (floor)", double.NaN,
            string.Create(CultureInfo.InvariantCulture, $"{floor:F3} ({count} training images)"));

        var path = Path.Combine(settings.OutputDirectory, $"pix2pix-edges-fashion-mnist-{settings.Steps}-steps.png");
        var shown = Math.Min(GridColumns, (int)heldOut.Count);
        var rows = cat([inputs.narrow(0, 0, shown), outputs.narrow(0, 0, shown), targets.narrow(0, 0, shown)], 0);
        File.WriteAllBytes(path, ImageCodec.Encode(ImageGrid.Tile(rows, columns: shown), ImageFormat.Png));
        yield return new Measurement("grid: held-out inputs | outputs | targets (rows)", double.NaN, path);
    }

    /// <summary>Held-out images at the model's size, their edges as the training job derives them, and the model's
    /// translations of those edges with dropout seeds 0, 1, ... (their positions), all in [0, 1].</summary>
    private static (Tensor Inputs, Tensor Outputs, Tensor Targets) TranslateHeldOut(IImageTranslator model, DatasetTensors heldOut, Hyperparameters hyperparameters)
    {
        using var scope = NewDisposeScope();
        using var resized = heldOut.ResizedTo(model.InputShape.Height);
        var inputs = new Pix2PixFamily().InputsFor(resized.Images, hyperparameters).to_type(ScalarType.Float32).div_(255f);
        var targets = resized.Images.to_type(ScalarType.Float32).div(255f);
        var outputs = new List<Tensor>();
        for (long start = 0; start < inputs.shape[0]; start += TranslationBatch)
        {
            var size = Math.Min(TranslationBatch, inputs.shape[0] - start);
            outputs.Add(model.Translate(inputs.narrow(0, start, size), [.. Enumerable.Range(0, (int)size).Select(i => start + i)]));
        }
        return (inputs.MoveToOuterDisposeScope(), cat(outputs, 0).MoveToOuterDisposeScope(), targets.MoveToOuterDisposeScope());
    }
}
