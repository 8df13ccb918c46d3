using System.Globalization;

namespace GenService.Benchmarks;

/// <summary>Command-line settings; every figure in README.md names the settings it was measured with.</summary>
/// <param name="QualitySteps">Total steps before the held-out metrics and the sample grid are taken.</param>
/// <param name="OutputDirectory">Where the sample grid is written.</param>
/// <param name="FeatureSteps">Training steps of the shared feature network the VAE is scored on (<see cref="SharedFeatureNetwork"/>).</param>
public sealed record BenchmarkSettings(int TrainImages, int TrainSteps, int QualitySteps, string OutputDirectory, int SampleRounds, int HttpRequests, int[] HttpClients, int FeatureSteps)
{
    public static BenchmarkSettings Parse(string[] args)
    {
        var settings = new BenchmarkSettings(TrainImages: 10_000, TrainSteps: 200, QualitySteps: 1200, OutputDirectory: "benchmark-results", SampleRounds: 200, HttpRequests: 400, HttpClients: [1, 8], FeatureSteps: SharedFeatureNetwork.DefaultSteps);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--train-images" => settings with { TrainImages = int.Parse(value, CultureInfo.InvariantCulture) },
                "--train-steps" => settings with { TrainSteps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--quality-steps" => settings with { QualitySteps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--output" => settings with { OutputDirectory = value },
                "--sample-rounds" => settings with { SampleRounds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--http-requests" => settings with { HttpRequests = int.Parse(value, CultureInfo.InvariantCulture) },
                "--http-clients" => settings with { HttpClients = value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray() },
                "--feature-steps" => settings with { FeatureSteps = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --train-images, --train-steps, --quality-steps, --output, --sample-rounds, --http-requests, --http-clients 1,8, --feature-steps"),
            };
        }
        return settings;
    }

    public override string ToString() =>
        $"--train-images {TrainImages} --train-steps {TrainSteps} --quality-steps {QualitySteps} --output {OutputDirectory} --sample-rounds {SampleRounds} --http-requests {HttpRequests} --http-clients {string.Join(',', HttpClients)} --feature-steps {FeatureSteps}";
}
