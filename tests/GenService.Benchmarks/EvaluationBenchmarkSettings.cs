using System.Globalization;

namespace GenService.Benchmarks;

/// <summary>Settings of the <c>evaluation</c> command; the README names the settings of every figure.</summary>
/// <param name="Images">Fashion-MNIST training images imported as the dataset.</param>
/// <param name="Architectures">Families to train and evaluate, by the architecture name the service knows them by; empty
/// for every family the service evaluates by its samples (the unconditional ones).</param>
/// <param name="Steps">Training steps of each model.</param>
/// <param name="FeatureSteps">Training steps of the shared feature network the service evaluates on (<see cref="SharedFeatureNetwork"/>).</param>
/// <param name="Samples">Images in each compared set.</param>
/// <param name="Seed">Seed of every training run.</param>
/// <param name="OutputDirectory">Where the plots and nearest-neighbour grids are written.</param>
/// <param name="TimeoutMinutes">Longest wait for any one training or evaluation.</param>
public sealed record EvaluationBenchmarkSettings(
    int Images,
    string[] Architectures,
    int Steps,
    int FeatureSteps,
    int Samples,
    long Seed,
    string OutputDirectory,
    int TimeoutMinutes)
{
    public static EvaluationBenchmarkSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new EvaluationBenchmarkSettings(
            Images: 60_000, Architectures: [], Steps: 1200, FeatureSteps: SharedFeatureNetwork.DefaultSteps, Samples: 1000, Seed: 1, OutputDirectory: "benchmark-results", TimeoutMinutes: 180);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--images" => settings with { Images = int.Parse(value, CultureInfo.InvariantCulture) },
                "--architectures" => settings with { Architectures = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--steps" => settings with { Steps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--feature-steps" => settings with { FeatureSteps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--samples" => settings with { Samples = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seed" => settings with { Seed = long.Parse(value, CultureInfo.InvariantCulture) },
                "--output" => settings with { OutputDirectory = value },
                "--timeout-minutes" => settings with { TimeoutMinutes = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --images, --architectures vae,dcgan, --steps, --feature-steps, --samples, --seed, --output, --timeout-minutes"),
            };
        }
        return settings;
    }

    public override string ToString() =>
        $"evaluation --images {Images}{(Architectures.Length > 0 ? $" --architectures {string.Join(',', Architectures)}" : "")} --steps {Steps} --feature-steps {FeatureSteps} --samples {Samples} --seed {Seed} --output {OutputDirectory}";
}
