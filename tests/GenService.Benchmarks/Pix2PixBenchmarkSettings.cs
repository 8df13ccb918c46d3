using System.Globalization;
using GenService.ML.Families.Pix2Pix;

namespace GenService.Benchmarks;

/// <summary>Settings of the <c>pix2pix</c> command; every figure in README.md names them.</summary>
/// <param name="Steps">pix2pix's training steps; default the family's.</param>
/// <param name="TrainImages">Fashion-MNIST training images the model trains on.</param>
/// <param name="HeldOut">Images of Fashion-MNIST's test split translated and scored.</param>
/// <param name="FeatureSteps">Steps of the shared feature network the Fréchet distances are measured on (<see cref="SharedFeatureNetwork"/>); default the service's.</param>
/// <param name="Seed">Seed of the model's training.</param>
/// <param name="OutputDirectory">Where the grid of held-out translations is written.</param>
public sealed record Pix2PixBenchmarkSettings(int Steps, int TrainImages, int HeldOut, int FeatureSteps, long Seed, string OutputDirectory)
{
    public const string Command = "pix2pix";

    private const string Usage = "Options: --steps 2000, --train-images 60000, --held-out 1000, --feature-steps 1000, --seed 1, --output benchmark-results";

    public static Pix2PixBenchmarkSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new Pix2PixBenchmarkSettings(
            Steps: (int)Pix2PixHyperparameters.Specs.Single(spec => spec.Name == Pix2PixHyperparameters.StepsName).Default,
            TrainImages: 60_000, HeldOut: 1000, FeatureSteps: SharedFeatureNetwork.DefaultSteps, Seed: 1, OutputDirectory: "benchmark-results");
        if (args.Count % 2 != 0)
            throw new ArgumentException($"Option {args[^1]} has no value. {Usage}");
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--steps" => settings with { Steps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--train-images" => settings with { TrainImages = int.Parse(value, CultureInfo.InvariantCulture) },
                "--held-out" => settings with { HeldOut = int.Parse(value, CultureInfo.InvariantCulture) },
                "--feature-steps" => settings with { FeatureSteps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seed" => settings with { Seed = long.Parse(value, CultureInfo.InvariantCulture) },
                "--output" => settings with { OutputDirectory = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}. {Usage}"),
            };
        }
        return settings;
    }

    public override string ToString() =>
        $"{Command} --steps {Steps} --train-images {TrainImages} --held-out {HeldOut} --feature-steps {FeatureSteps} --seed {Seed} --output {OutputDirectory}";
}
