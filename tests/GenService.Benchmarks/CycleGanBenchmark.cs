using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GenService.Api.Training;
using GenService.ML.Datasets;
using GenService.ML.Datasets.Landscapes;
using GenService.ML.Evaluation;
using GenService.ML.Families;
using GenService.ML.Families.CycleGan;
using GenService.ML.Imaging;
using static TorchSharp.torch;

namespace GenService.Benchmarks;

/// <summary>
/// The <c>cyclegan</c> command: CycleGAN at its default hyperparameters trained on Fashion-MNIST's sneakers (A) and
/// sandals (B), called directly as the training job calls it; then the exported model, read back by the family,
/// translates held-out images of Fashion-MNIST's test split both ways and is scored as the service scores it
/// (<see cref="CycleTranslationEvaluator"/>): the share of translations the shared feature network
/// (<see cref="SharedFeatureNetwork"/>) classifies as the target domain, next to the untranslated images' share (the
/// identity floor), and each domain's cycle PSNR. With <c>--landscapes</c>, the same for day ↔ night generated
/// landscapes, classified by a feature network trained here on the landscapes' styles.
/// </summary>
public static class CycleGanBenchmark
{
    private const int GridColumns = 8;

    public static IEnumerable<Measurement> Run(CycleGanBenchmarkSettings settings, string fashionMnistDirectory)
    {
        Directory.CreateDirectory(settings.OutputDirectory);
        if (settings.FashionMnist)
        {
            foreach (var result in FashionMnistRun(settings, fashionMnistDirectory))
                yield return result;
        }
        if (!settings.Landscapes)
            yield break;

        var (day, night) = ((int)LandscapeStyle.Day, (int)LandscapeStyle.Night);
        var watch = Stopwatch.StartNew();
        using var landscapes = StyledLandscapes((ulong)settings.Seed, settings.LandscapeImages, settings.LandscapeSize);
        using var heldOutLandscapes = StyledLandscapes((ulong)settings.Seed + 1, settings.HeldOut, settings.LandscapeSize);
        var drawSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        using var styleClassifier = TrainedFeatureExtractor.Train(landscapes, heldOutLandscapes, settings.FeatureSteps, settings.Seed, CPU, out var accuracy);
        yield return new Measurement("landscape style classifier", double.NaN, string.Create(CultureInfo.InvariantCulture,
            $"feature network trained on the styles of {landscapes.Count} landscapes ({drawSeconds:F0} s to draw them and {heldOutLandscapes.Count} held-out ones), "
            + $"{settings.FeatureSteps} steps in {watch.Elapsed.TotalMinutes:F1} min, held-out style accuracy {accuracy:P1}"));
        foreach (var result in TrainAndScore(
            $"landscapes {landscapes.Classes[day]} ↔ {landscapes.Classes[night]} ({settings.LandscapeSize} px)", "landscapes",
            settings, settings.StepsOnLandscapes, (day, night), landscapes, heldOutLandscapes, styleClassifier))
            yield return result;
    }

    /// <summary>Sneakers ↔ sandals (the family's default labels), scored by the shared Fashion-MNIST classifier.</summary>
    private static IEnumerable<Measurement> FashionMnistRun(CycleGanBenchmarkSettings settings, string fashionMnistDirectory)
    {
        var network = SharedFeatureNetwork.Get(fashionMnistDirectory, settings.FeatureSteps);
        yield return new Measurement("classifier", double.NaN, network.ToString());
        using (var train = FashionMnist.Read(fashionMnistDirectory, FashionMnistSplit.Train, settings.TrainImages))
        using (var heldOut = FashionMnist.Read(fashionMnistDirectory, FashionMnistSplit.Test))
        using (var classifier = network.Load(CPU))
        {
            var defaults = CycleGanHyperparameters.Specs.ToDictionary(spec => spec.Name, spec => (int)spec.Default);
            var labels = (defaults[CycleGanHyperparameters.DomainALabelName], defaults[CycleGanHyperparameters.DomainBLabelName]);
            var name = $"Fashion-MNIST {train.Classes[labels.Item1]} ↔ {train.Classes[labels.Item2]}";
            foreach (var result in TrainAndScore(name, "fashion-mnist", settings, settings.Steps, labels, train, heldOut, classifier))
                yield return result;
        }
    }

    /// <summary>Trains CycleGAN between labels A and B of <paramref name="train"/> at the family's defaults but <paramref name="steps"/>,
    /// then scores the exported model on <paramref name="heldOut"/> and writes a grid per direction.</summary>
    private static IEnumerable<Measurement> TrainAndScore(
        string name, string fileName, CycleGanBenchmarkSettings settings, int steps, (int A, int B) labels,
        DatasetTensors train, DatasetTensors heldOut, FeatureExtractor classifier)
    {
        var family = new CycleGanFamily();
        var supplied = new Dictionary<string, JsonElement>
        {
            [CycleGanHyperparameters.StepsName] = JsonSerializer.SerializeToElement(steps),
            [CycleGanHyperparameters.DomainALabelName] = JsonSerializer.SerializeToElement(labels.A),
            [CycleGanHyperparameters.DomainBLabelName] = JsonSerializer.SerializeToElement(labels.B),
        };
        var hyperparameters = Hyperparameters.Validate(family.Hyperparameters, supplied, out var errors);
        if (errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}")));
        var batchSize = hyperparameters.GetInt(CycleGanHyperparameters.BatchSizeName);
        // The device the service's training defaults to: the first CUDA device, else the CPU.
        var device = TrainingDevice.Select(new TrainingOptions()).ToTorch();

        var watch = Stopwatch.StartNew();
        using var trainer = (CycleGanTrainer)family.CreateTrainer(new TrainingSetup(hyperparameters, train, heldOut, device, settings.Seed));
        var setupSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        IReadOnlyDictionary<string, double> losses = new Dictionary<string, double>();
        for (var step = 0L; step < steps; step++)
            losses = trainer.Step(step);
        var trainingSeconds = watch.Elapsed.TotalSeconds;
        // Each step translates a minibatch of each domain: 2 × batch images.
        yield return new Measurement($"{name}: training, {steps} steps", steps * 2.0 * batchSize / trainingSeconds,
            string.Create(CultureInfo.InvariantCulture,
                $"both domains' images counted; {trainingSeconds / 60:F1} min ({trainingSeconds / steps * 1000:F0} ms per step of batch {batchSize} "
                + $"per domain, Gs then Ds); set up in {setupSeconds:F0} s; last step: {Measurement.Format(losses)}"));

        using var model = Export(trainer, family, device);
        var translator = (ITwoWayTranslator)model;
        using var resized = heldOut.ResizedTo(((IImageTranslator)model).InputShape.Height);
        var figures = CycleTranslationEvaluator.Evaluate(translator, resized, labels, classifier, settings.HeldOut, CancellationToken.None).Figures;
        foreach (var (direction, rate, images) in new[]
        {
            ("A → B", CycleTranslationEvaluator.TargetRateAToBName, CycleTranslationEvaluator.ImagesAName),
            ("B → A", CycleTranslationEvaluator.TargetRateBToAName, CycleTranslationEvaluator.ImagesBName),
        })
        {
            yield return new Measurement($"{name}: target-domain rate {direction}", double.NaN, string.Create(CultureInfo.InvariantCulture,
                $"{figures[rate]:P1} (identity floor {figures[CycleTranslationEvaluator.IdentityPrefix + rate]:P1}); {figures[images]:F0} held-out images"));
        }
        foreach (var (domain, psnr) in new[] { ("A", CycleTranslationEvaluator.CyclePsnrAName), ("B", CycleTranslationEvaluator.CyclePsnrBName) })
        {
            yield return new Measurement($"{name}: cycle PSNR {domain}", double.NaN,
                figures.TryGetValue(psnr, out var value) ? string.Create(CultureInfo.InvariantCulture, $"{value:F2} dB") : "no finite PSNR (every round trip exact)");
        }
        foreach (var (direction, label, suffix) in new[] { (TranslationDirection.AToB, labels.A, "a-to-b"), (TranslationDirection.BToA, labels.B, "b-to-a") })
        {
            var path = Path.Combine(settings.OutputDirectory, $"cyclegan-{fileName}-{suffix}-{steps}-steps.png");
            File.WriteAllBytes(path, Grid(translator, resized, label, direction));
            yield return new Measurement($"{name}: grid {suffix} (rows: held-out, translated, round trip)", double.NaN, path);
        }
    }

    /// <summary>The first <see cref="GridColumns"/> held-out images labelled <paramref name="label"/>, their translations
    /// and their round trips, one row each, as a PNG.</summary>
    private static byte[] Grid(ITwoWayTranslator translator, DatasetTensors heldOut, int label, TranslationDirection direction)
    {
        using var scope = NewDisposeScope();
        var indices = heldOut.Labels!.eq(label).nonzero().flatten();
        indices = indices.narrow(0, 0, Math.Min(GridColumns, indices.shape[0]));
        var originals = heldOut.Batch(indices, CPU);
        var rows = cat([originals, translator.Translate(originals, direction, roundTrip: false), translator.Translate(originals, direction, roundTrip: true)], 0);
        return ImageCodec.Encode(ImageGrid.Tile(SampleImages.Quantise(rows), columns: (int)indices.shape[0]), ImageFormat.Png);
    }

    /// <summary>The model as the service would load it: exported by the trainer, read back by the family.</summary>
    private static IGenerativeModel Export(CycleGanTrainer trainer, CycleGanFamily family, Device device)
    {
        var path = Path.Combine(Path.GetTempPath(), $"genservice-cyclegan-bench-{Guid.NewGuid():N}.bin");
        try
        {
            using (var file = File.Create(path))
                trainer.ExportModel(file);
            return family.LoadModel(path, device);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Generated landscapes labelled with their styles, as the service hands a landscapes dataset to CycleGAN.</summary>
    private static DatasetTensors StyledLandscapes(ulong seed, int count, int size)
    {
        using var set = LandscapeSet.Draw(seed, count, size);
        return new DatasetTensors(set.Images.clone(), set.ImageLabels!.to_type(ScalarType.Int64), set.ImageClasses);
    }
}
