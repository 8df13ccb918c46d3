using System.Diagnostics;
using System.Globalization;
using GenService.ML.Datasets;
using GenService.ML.Datasets.Landscapes;
using GenService.ML.Evaluation;
using static TorchSharp.torch;

namespace GenService.Benchmarks;

/// <summary>
/// The <c>segmentation</c> command: the segmentation network that scores label-map fidelity (SPADE's mIoU and
/// pixel accuracy), trained with its default settings on generated landscapes, then scored on the held-out real
/// landscapes against their own maps (the ceiling a generator can reach) and against the maps of other landscapes
/// (what a generator that ignores its map would score: the floor).
/// </summary>
public static class SegmentationBenchmark
{
    public static IEnumerable<Measurement> Run(SegmentationBenchmarkSettings settings)
    {
        var networkSettings = new SegmentationNetworkSettings() with { Steps = settings.Steps, BaseChannels = settings.BaseChannels, LearningRate = settings.LearningRate };
        var device = cuda.is_available() ? CUDA : CPU;

        var watch = Stopwatch.StartNew();
        using var landscapes = LandscapeSet.Draw((ulong)settings.Seed, settings.Images, settings.Size);
        var drawSeconds = watch.Elapsed.TotalSeconds;
        var (trainIndices, heldOutIndices) = DatasetTensors.SplitIndices(landscapes.Count, networkSettings.HeldOutFraction, settings.Seed);
        using var train = landscapes.Select(trainIndices);
        using var heldOut = landscapes.Select(heldOutIndices);
        trainIndices.Dispose();
        heldOutIndices.Dispose();

        watch.Restart();
        using var trainer = new SegmentationNetworkTrainer(networkSettings, train, device, settings.Seed);
        var tailLoss = trainer.Train(CancellationToken.None);
        var trainingSeconds = watch.Elapsed.TotalSeconds;
        yield return new Measurement(
            $"segmentation network training, {settings.Steps} steps", settings.Steps * (double)networkSettings.BatchSize / trainingSeconds,
            string.Create(CultureInfo.InvariantCulture,
                $"{trainingSeconds / 60:F1} min ({trainingSeconds / settings.Steps * 1000:F0} ms per step of batch {networkSettings.BatchSize}) on {train.Count} landscapes " +
                $"of {settings.Size} px (drawn in {drawSeconds:F0} s); base channels {networkSettings.BaseChannels}, {networkSettings.Levels} levels; " +
                $"loss of the last 10 % of the steps {tailLoss:F3}"));

        using var stream = new MemoryStream();
        trainer.Export(stream);
        stream.Position = 0;
        using var segmenter = Segmenter.Load(stream, device);
        watch.Restart();
        var ceiling = LabelMapFidelity.ScoreRealImages(segmenter, heldOut);
        var segmentSeconds = watch.Elapsed.TotalSeconds;
        yield return new Measurement($"held-out real landscapes vs their own maps (ceiling), {heldOut.Count} images", heldOut.Count / segmentSeconds, Describe(ceiling, heldOut.Classes));

        yield return new Measurement("held-out pixels per class", double.NaN, ClassShares(heldOut));

        using var otherMaps = heldOut.Maps.roll(1, 0);
        var floor = LabelMapFidelity.Score(segmenter, heldOut.Images, otherMaps, heldOut.DontCareIndex);
        yield return new Measurement("held-out real landscapes vs another landscape's map (floor)", double.NaN, Describe(floor, heldOut.Classes));
    }

    /// <summary>How often each class occurs: a rare class's IoU rests on few pixels.</summary>
    private static string ClassShares(LabelMapSet set)
    {
        using var counts = set.Maps.flatten().to_type(ScalarType.Int64).bincount(null, set.Classes.Max(c => c.Index) + 1);
        var total = (double)set.Maps.numel();
        return string.Join(", ", set.Classes.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name} {counts[c.Index].item<long>() / total * 100:F1} %")));
    }

    /// <summary>A score as the label-map benchmarks print it: pixel accuracy, mIoU and each class's IoU by name.</summary>
    public static string Describe(LabelMapFidelityScore score, IReadOnlyList<LabelClass> classes)
    {
        var perClass = string.Join(", ", score.ClassIntersectionOverUnion.Select(entry => string.Create(CultureInfo.InvariantCulture,
            $"{classes.FirstOrDefault(c => c.Index == entry.Key)?.Name ?? entry.Key.ToString(CultureInfo.InvariantCulture)} {entry.Value:F3}")));
        return string.Create(CultureInfo.InvariantCulture,
            $"pixel accuracy {score.PixelAccuracy * 100:F1} %, mIoU {score.MeanIntersectionOverUnion:F3}; IoU per class: {perClass}");
    }
}
