using System.Diagnostics;
using System.Globalization;
using GenService.Api.Training;
using GenService.ML.Datasets;
using GenService.ML.Datasets.Captions;
using GenService.ML.Families;
using GenService.ML.Families.TextGan;

namespace GenService.Benchmarks;

/// <summary>
/// The <c>textgan</c> command: the text GAN trained on captioned Fashion-MNIST (captions written as the service's
/// built-in import writes them, 5 an image), called directly as the training job calls it, each phase timed apart.
/// </summary>
public static class TextGanBenchmark
{
    private const int CaptionsPerImage = FashionMnistCaptionWriter.DefaultCaptionsPerImage;

    public static IEnumerable<Measurement> Run(TextGanBenchmarkSettings settings, string fashionMnistDirectory)
    {
        Directory.CreateDirectory(settings.OutputDirectory);
        using var captions = Captioned(fashionMnistDirectory, settings);
        var (trainPositions, heldOutPositions) = captions.SplitIndices(0, settings.Seed);
        using var train = captions.Select(trainPositions);
        using var heldOut = captions.Select(heldOutPositions);
        var family = new TextGanFamily();
        var hyperparameters = FamilyTraining.DefaultsWith(family, new Dictionary<string, object>(settings.Overrides, StringComparer.Ordinal)
        {
            [TextGanHyperparameters.StepsName] = settings.Steps,
        });
        var typed = TextGanHyperparameters.From(hyperparameters);
        var device = TrainingDevice.Select(new TrainingOptions()).ToTorch();

        using var trainer = (TextGanTrainer)family.CreateTrainer(new TrainingSetup(hyperparameters, train, heldOut, device, settings.Seed));
        foreach (var phase in TimePhases(trainer, typed))
            yield return phase;
    }

    /// <summary>Each phase's steps in turn: wall time, and the process's CPU time (which other processes on a shared
    /// machine do not inflate), with images/s by the wall clock.</summary>
    private static IEnumerable<Measurement> TimePhases(TextGanTrainer trainer, TextGanHyperparameters hyperparameters)
    {
        var phases = new (string Name, long Steps)[]
        {
            ("text encoder (joint embedding)", hyperparameters.TextEncoderSteps),
            ("stage I", hyperparameters.StageOneSteps),
            ("stage II", hyperparameters.StageTwoSteps),
        };
        var step = 0L;
        foreach (var (name, steps) in phases)
        {
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            IReadOnlyDictionary<string, double> losses = new Dictionary<string, double>();
            for (var end = step + steps; step < end; step++)
                losses = trainer.Step(step);
            var seconds = watch.Elapsed.TotalSeconds;
            process.Refresh();
            var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            yield return new Measurement($"textgan training, {name}: {steps} steps", steps * (double)hyperparameters.BatchSize / seconds,
                string.Create(CultureInfo.InvariantCulture,
                    $"{seconds / 60:F1} min wall ({seconds / steps * 1000:F0} ms a step, {60 * steps / seconds:F1} steps a minute); " +
                    $"CPU {cpuSeconds / steps * 1000:F0} ms a step on {Environment.ProcessorCount} cores; last step: {Measurement.Format(losses)}"));
        }
    }

    private static CaptionSet Captioned(string fashionMnistDirectory, TextGanBenchmarkSettings settings)
    {
        using var train = FashionMnist.Read(fashionMnistDirectory, FashionMnistSplit.Train, settings.TrainImages);
        using var heldOut = FashionMnist.Read(fashionMnistDirectory, FashionMnistSplit.Test, settings.HeldOut);
        return FashionMnistCaptionWriter.Write(train, heldOut, CaptionsPerImage, unchecked((ulong)settings.Seed));
    }
}
