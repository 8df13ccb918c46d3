using System.Globalization;

namespace GenService.Benchmarks;

/// <summary>Settings of the <c>gan</c> command; every figure in README.md names the settings it was measured with.</summary>
/// <param name="TrainImages">First Fashion-MNIST training images used (a tenth of them held out).</param>
/// <param name="ThroughputSteps">Timed generator steps per configuration, after two warm-up steps, taken
/// from the end of the schedule (Progressive GAN at its final resolution).</param>
/// <param name="BudgetSteps">Generator steps each configuration trains for (the run's <c>steps</c>) before its
/// held-out metrics and sample grid are taken.</param>
/// <param name="Configurations">Which to run, e.g. "dcgan:wgan_gp,progan"; empty runs all.</param>
/// <param name="FeatureSteps">Training steps of the shared feature network the models are scored on (<see cref="SharedFeatureNetwork"/>).</param>
public sealed record GanBenchmarkSettings(int TrainImages, int ThroughputSteps, int BudgetSteps, string OutputDirectory, string[] Configurations, int FeatureSteps)
{
    public static GanBenchmarkSettings Parse(string[] args)
    {
        var settings = new GanBenchmarkSettings(TrainImages: 10_000, ThroughputSteps: 20, BudgetSteps: 500, OutputDirectory: "benchmark-results", Configurations: [], FeatureSteps: SharedFeatureNetwork.DefaultSteps);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--train-images" => settings with { TrainImages = int.Parse(value, CultureInfo.InvariantCulture) },
                "--throughput-steps" => settings with { ThroughputSteps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--budget-steps" => settings with { BudgetSteps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--output" => settings with { OutputDirectory = value },
                "--only" => settings with { Configurations = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--feature-steps" => settings with { FeatureSteps = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options of gan: --train-images, --throughput-steps, --budget-steps, --output, --only dcgan:wgan_gp,progan, --feature-steps"),
            };
        }
        if (args.Length % 2 != 0)
            throw new ArgumentException($"Option {args[^1]} has no value.");
        return settings;
    }

    public override string ToString() =>
        $"gan --train-images {TrainImages} --throughput-steps {ThroughputSteps} --budget-steps {BudgetSteps} --output {OutputDirectory} --feature-steps {FeatureSteps}"
        + (Configurations.Length > 0 ? $" --only {string.Join(',', Configurations)}" : "");
}
