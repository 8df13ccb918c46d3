using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using GenService.ML.Datasets;
using GenService.ML.Evaluation;
using GenService.ML.Families;
using GenService.ML.Training;
using static TorchSharp.torch;

namespace GenService.Benchmarks;

/// <summary>
/// The one feature network every benchmark command scores Fashion-MNIST models on, so that the families' Fréchet
/// distances, KIDs and precision/recall are on one scale: a network per command (three of them at 85.9 %, 88.3 % and
/// 88.5 % held-out accuracy) put each family's figures on a scale of its own. It is trained once, with the service's
/// default settings and a fixed seed, on the 60,000 training images, its accuracy measured on the 10,000 test images,
/// and cached under a key of its settings and of the data files' hash; every later command reads it back.
/// </summary>
public sealed class SharedFeatureNetwork
{
    /// <summary>Relative to the working directory, whatever a command's --output: commands run from the repository
    /// root share it.</summary>
    public const string CacheDirectory = "benchmark-results/feature-networks";

    public const long Seed = 1;

    /// <summary>The service's default, which every published figure uses.</summary>
    public static int DefaultSteps { get; } = new FeatureNetworkSettings().Steps;

    private SharedFeatureNetwork(string key, int steps, string networkPath, double heldOutAccuracy, string origin)
    {
        Key = key;
        Steps = steps;
        NetworkPath = networkPath;
        HeldOutAccuracy = heldOutAccuracy;
        Origin = origin;
    }

    /// <summary>Names the settings and the data it was trained with, e.g. "fashion-mnist-0123456789ab-c32-s1000-b128-lr0.001-seed1".</summary>
    public string Key { get; }

    public int Steps { get; }

    /// <summary>The exported network, as <see cref="FeatureExtractor.Load"/> reads it.</summary>
    public string NetworkPath { get; }

    /// <summary>Share of the 10,000 Fashion-MNIST test images it classifies right.</summary>
    public double HeldOutAccuracy { get; }

    /// <summary>Whether this command read it from the cache or trained it, and how long that took.</summary>
    private string Origin { get; }

    /// <summary>The network of these settings: read from the cache, or trained and cached.</summary>
    /// <param name="steps">Training steps: the service's default (<see cref="DefaultSteps"/>) unless a command is run small,
    /// which gives another key.</param>
    public static SharedFeatureNetwork Get(string fashionMnistDirectory, int steps)
    {
        var settings = new FeatureNetworkSettings(Steps: steps);
        var key = string.Create(CultureInfo.InvariantCulture,
            $"fashion-mnist-{DataVersion(fashionMnistDirectory)}-c{settings.BaseChannels}-s{settings.Steps}-b{settings.BatchSize}-lr{settings.LearningRate:G}-seed{Seed}");
        var networkPath = Path.GetFullPath(Path.Combine(CacheDirectory, key + ".bin"));
        var accuracyPath = Path.ChangeExtension(networkPath, ".accuracy");
        if (File.Exists(accuracyPath))
            return new SharedFeatureNetwork(key, steps, networkPath, double.Parse(File.ReadAllText(accuracyPath), CultureInfo.InvariantCulture), $"cached in {CacheDirectory}");

        var watch = Stopwatch.StartNew();
        using var train = FashionMnist.Read(fashionMnistDirectory, FashionMnistSplit.Train);
        using var test = FashionMnist.Read(fashionMnistDirectory, FashionMnistSplit.Test);
        using var trainer = new FeatureNetworkTrainer(settings, train, CPU, Seed);
        trainer.Train(CancellationToken.None);
        var accuracy = trainer.Accuracy(test);
        Directory.CreateDirectory(CacheDirectory);
        // The accuracy file is written last: a command stopped half-way leaves no entry that looks complete.
        CheckpointStore.WriteAtomically(networkPath, trainer.Export);
        CheckpointStore.WriteAtomically(accuracyPath, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(accuracy.ToString("R", CultureInfo.InvariantCulture))));
        return new SharedFeatureNetwork(key, steps, networkPath, accuracy, string.Create(CultureInfo.InvariantCulture, $"trained now in {watch.Elapsed.TotalMinutes:F1} min, cached in {CacheDirectory}"));
    }

    public FeatureExtractor Load(Device device) => FeatureExtractor.Load(NetworkPath, device);

    /// <summary>The line every command prints, so that figures of different runs are compared only on one network.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"shared feature network {Key}: held-out accuracy {HeldOutAccuracy:P2} (10,000 test images), {Origin}");

    /// <summary>The model's samples against the training images on this network, next to the floor (held-out images, through
    /// the model's resize round trip) and the ceiling (<paramref name="untrained"/>'s), as the service's evaluation scores them.</summary>
    /// <returns>One line per set: Fréchet distance and KID with their bootstrap standard errors, precision and recall.</returns>
    public IReadOnlyList<Measurement> Evaluate(string name, IGenerativeModel model, ITrainer untrained, DatasetTensors train, DatasetTensors heldOut)
    {
        using var scope = NewDisposeScope();
        using var extractor = Load(CPU);
        var data = new EvaluationData(train, heldOut, extractor.Extract(train.Images), extractor.Extract(heldOut.Images));
        var result = new ModelEvaluator(extractor, new ModelEvaluationSettings()).Evaluate(model, untrained, data, CancellationToken.None);
        return
        [
            Line($"{name}: floor (held-out real)", result.Floor, result.SampleCount),
            Line($"{name}: model", result.Model, result.SampleCount),
            Line($"{name}: ceiling (untrained)", result.Ceiling, result.SampleCount),
        ];
    }

    private Measurement Line(string name, SampleSetScores scores, int count) =>
        new(name, double.NaN, string.Create(CultureInfo.InvariantCulture,
            $"FD {scores.FrechetDistance:F3} ± {scores.FrechetDistanceStandardError:F3}, KID {scores.Kid:F4} ± {scores.KidStandardError:F4}, " +
            $"precision {scores.Precision:F3}, recall {scores.Recall:F3}; {count} images per set, feature network {Key}"));

    /// <summary>The first 12 hex digits of the SHA-256 of the four data files: another copy of Fashion-MNIST gets another key.</summary>
    private static string DataVersion(string directory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
            hash.AppendData(File.ReadAllBytes(file));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }
}
