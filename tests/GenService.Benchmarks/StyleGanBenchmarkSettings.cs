using System.Globalization;
using GenService.ML.Families.StyleGan;

namespace GenService.Benchmarks;

/// <summary>Settings of the <c>stylegan</c> command; every figure in README.md names the settings it was measured with.</summary>
/// <param name="TrainImages">Fashion-MNIST training images read (10 % of them held out).</param>
/// <param name="ThroughputSteps">Timed training steps, after two untimed ones.</param>
/// <param name="BudgetSteps">Total steps of the fixed-budget run whose samples are saved: the family's default run length.</param>
/// <param name="OutputDirectory">Where the sample, truncation and style-mixing grids are written.</param>
/// <param name="FeatureSteps">Training steps of the shared feature network the model is scored on (<see cref="SharedFeatureNetwork"/>).</param>
public sealed record StyleGanBenchmarkSettings(int TrainImages, int ThroughputSteps, int BudgetSteps, string OutputDirectory, int FeatureSteps)
{
    public static StyleGanBenchmarkSettings Parse(string[] args)
    {
        var settings = new StyleGanBenchmarkSettings(TrainImages: 10_000, ThroughputSteps: 20, BudgetSteps: new StyleGanHyperparameters().Steps, OutputDirectory: "benchmark-results", FeatureSteps: SharedFeatureNetwork.DefaultSteps);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--train-images" => settings with { TrainImages = int.Parse(value, CultureInfo.InvariantCulture) },
                "--throughput-steps" => settings with { ThroughputSteps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--budget-steps" => settings with { BudgetSteps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--output" => settings with { OutputDirectory = value },
                "--feature-steps" => settings with { FeatureSteps = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --train-images, --throughput-steps, --budget-steps, --output, --feature-steps"),
            };
        }
        if (args.Length % 2 != 0)
            throw new ArgumentException($"Option {args[^1]} has no value.");
        return settings;
    }

    public override string ToString() =>
        $"stylegan --train-images {TrainImages} --throughput-steps {ThroughputSteps} --budget-steps {BudgetSteps} --output {OutputDirectory} --feature-steps {FeatureSteps}";
}
