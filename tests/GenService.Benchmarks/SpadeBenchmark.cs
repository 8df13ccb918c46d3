using System.Diagnostics;
using System.Globalization;
using GenService.Api.Training;
using GenService.ML.Datasets;
using GenService.ML.Datasets.Landscapes;
using GenService.ML.Evaluation;
using GenService.ML.Families;
using GenService.ML.Families.Pix2Pix;
using GenService.ML.Families.Spade;
using static TorchSharp.torch;

namespace GenService.Benchmarks;

/// <summary>
/// The <c>spade</c> command, the SPADE paper's comparison on the generated landscapes: SPADE and its baseline, pix2pix
/// on label maps painted in their classes' colours (<see cref="PaintedMapPairs"/>), each at its defaults but the
/// steps, the same for both, trained on the same landscapes as the training job trains them. The exported models
/// render the held-out maps (map i in seed i's random style), scored as the service's label-map fidelity evaluation
/// scores them (<see cref="LabelMapFidelity"/>, one segmentation network trained here on the training landscapes),
/// next to the real held-out images (the ceiling), and by their Fréchet distance to the real held-out images on a
/// feature network trained on the training landscapes' styles. Then the figures (<see cref="SpadeFigures"/>).
/// </summary>
public static class SpadeBenchmark
{
    private const int ComparisonRows = 6;

    public static IEnumerable<Measurement> Run(SpadeBenchmarkSettings settings)
    {
        Directory.CreateDirectory(settings.OutputDirectory);
        // The device the service's training defaults to: the first CUDA device, else the CPU.
        var device = TrainingDevice.Select(new TrainingOptions()).ToTorch();
        var watch = Stopwatch.StartNew();
        using var train = LandscapeSet.Draw((ulong)settings.Seed, settings.Images, settings.Size);
        using var heldOut = LandscapeSet.Draw((ulong)settings.Seed + 1, settings.HeldOut, settings.Size);
        yield return new Measurement("landscapes", double.NaN, string.Create(CultureInfo.InvariantCulture,
            $"{train.Count} for training (seed {settings.Seed}) and {heldOut.Count} held out (seed {settings.Seed + 1}), {settings.Size} px, drawn in {watch.Elapsed.TotalSeconds:F0} s"));

        using var spade = (SpadeModel)Train("SPADE", new SpadeFamily(), SpadeHyperparameters.StepsName, SpadeHyperparameters.BatchSizeName,
            settings.Steps, settings, train, heldOut, device, out var spadeTraining, out var spadeSeconds);
        yield return spadeTraining;
        using var pix2pix = Train("pix2pix on painted maps", new Pix2PixFamily(), Pix2PixHyperparameters.StepsName, Pix2PixHyperparameters.BatchSizeName,
            settings.Steps, settings, train, heldOut, device, out var pix2pixTraining, out var pix2pixSeconds);
        yield return pix2pixTraining;
        // A pix2pix step costs a fraction of SPADE's, so the same steps are not the same budget: pix2pix also trains for
        // as many steps as fit in SPADE's training time.
        var equalTimeSteps = (int)Math.Round(settings.Steps * spadeSeconds / pix2pixSeconds);
        using var pix2pixEqualTime = Train("pix2pix on painted maps, SPADE's time", new Pix2PixFamily(), Pix2PixHyperparameters.StepsName,
            Pix2PixHyperparameters.BatchSizeName, equalTimeSteps, settings, train, heldOut, device, out var equalTimeTraining, out _);
        yield return equalTimeTraining;

        watch.Restart();
        var segmentation = new SegmentationNetworkSettings() with { Steps = settings.SegmentationSteps };
        using var segmenter = LabelMapFidelityEvaluator.TrainSegmenter(train, segmentation, device, settings.Seed, CancellationToken.None);
        yield return new Measurement("segmentation network", double.NaN, string.Create(CultureInfo.InvariantCulture,
            $"{segmentation.Steps} steps of batch {segmentation.BatchSize} on the training landscapes, its other settings the defaults; {watch.Elapsed.TotalMinutes:F1} min"));

        watch.Restart();
        using var trainStyles = train.StyledImages();
        using var heldOutStyles = heldOut.StyledImages();
        using var features = TrainedFeatureExtractor.Train(trainStyles, heldOutStyles, settings.FeatureSteps, settings.Seed, device, out var styleAccuracy);
        yield return new Measurement("feature network", double.NaN, string.Create(CultureInfo.InvariantCulture,
            $"{settings.FeatureSteps} steps on the training landscapes' styles, held-out style accuracy {styleAccuracy:P1}; {watch.Elapsed.TotalMinutes:F1} min"));

        using var scope = NewDisposeScope();
        var heldOutFeatures = features.Extract(heldOut.Images);
        var floorCount = Math.Min(train.Count, heldOut.Count);
        var floorDistance = FrechetDistance.Compute(features.Extract(train.Images.narrow(0, 0, floorCount)), heldOutFeatures);
        var ceiling = LabelMapFidelity.ScoreRealImages(segmenter, heldOut);
        yield return new Measurement("real held-out images vs their maps (ceiling)", double.NaN, string.Create(CultureInfo.InvariantCulture,
            $"{SegmentationBenchmark.Describe(ceiling, heldOut.Classes)}; FD of {floorCount} real training images (floor) {floorDistance:F3}"));

        var renderings = new Dictionary<string, Tensor>();
        var renderers = new (string Name, ILabelMapRenderer Renderer)[]
        {
            ("SPADE", spade),
            ("pix2pix", new PaintedMapTranslator((IImageTranslator)pix2pix, heldOut.Classes, heldOut.DontCareIndex)),
            ($"pix2pix, {equalTimeSteps} steps", new PaintedMapTranslator((IImageTranslator)pix2pixEqualTime, heldOut.Classes, heldOut.DontCareIndex)),
        };
        foreach (var (name, renderer) in renderers)
        {
            watch.Restart();
            var rendered = LabelMapFidelityEvaluator.Render(renderer, heldOut.Maps, CancellationToken.None);
            var seconds = watch.Elapsed.TotalSeconds;
            var score = LabelMapFidelity.Score(segmenter, rendered, heldOut.Maps, heldOut.DontCareIndex);
            var distance = FrechetDistance.Compute(features.Extract(rendered), heldOutFeatures);
            renderings[name] = rendered;
            yield return new Measurement($"{name}: held-out maps rendered (map i with seed i)", heldOut.Count / seconds,
                string.Create(CultureInfo.InvariantCulture, $"{SegmentationBenchmark.Describe(score, heldOut.Classes)}; FD {distance:F3}"));
        }

        var prefix = Path.Combine(settings.OutputDirectory, $"spade-landscapes-{settings.Steps}-steps");
        yield return Figure("figure: held-out maps (rows): painted map, pix2pix, SPADE, real image", prefix + "-vs-pix2pix.png",
            SpadeFigures.Comparison(heldOut, renderings["pix2pix"], renderings["SPADE"], ComparisonRows));
        var edited = SpadeFigures.EditableMap(heldOut);
        yield return Figure($"figure: held-out map {edited} edited (columns), painted, then rendered by SPADE in seeds 0 to 2 (rows)", prefix + "-manipulation.png",
            SpadeFigures.Manipulation(spade, heldOut, edited));
        yield return Figure($"figure: held-out map {edited} in the styles of held-out images (columns): the style images, then SPADE's renderings", prefix + "-style-images.png",
            SpadeFigures.StyleImages(spade, heldOut, edited));
    }

    /// <summary>Trains <paramref name="family"/> at its defaults but <paramref name="steps"/> on the landscapes, as the
    /// training job does, and returns the exported model read back.</summary>
    /// <param name="measurement">The training's line: time, images/s (steps × batch / time) and the last step's losses.</param>
    /// <param name="seconds">The training's time.</param>
    private static IGenerativeModel Train(
        string name, IModelFamily family, string stepsName, string batchSizeName, int steps, SpadeBenchmarkSettings settings,
        LabelMapSet train, LabelMapSet heldOut, Device device, out Measurement measurement, out double seconds)
    {
        var hyperparameters = FamilyTraining.DefaultsWith(family, new Dictionary<string, object> { [stepsName] = steps });
        var batchSize = hyperparameters.GetInt(batchSizeName);
        var watch = Stopwatch.StartNew();
        using var trainer = family.CreateTrainer(new TrainingSetup(hyperparameters, train, heldOut, device, settings.Seed));
        var setupSeconds = watch.Elapsed.TotalSeconds;
        (var losses, seconds) = FamilyTraining.Run(trainer, steps);
        measurement = new Measurement($"{name}: training, {steps} steps", steps * (double)batchSize / seconds,
            string.Create(CultureInfo.InvariantCulture,
                $"{seconds / 60:F1} min ({seconds / steps * 1000:F0} ms per step of batch {batchSize}; set up in {setupSeconds:F0} s); "
                + $"last step: {Measurement.Format(losses)}"));
        return FamilyTraining.Export(trainer, family, device);
    }

    private static Measurement Figure(string name, string path, byte[] png)
    {
        File.WriteAllBytes(path, png);
        return new Measurement(name, double.NaN, path);
    }
}
