using System.Globalization;
using GenService.ML.Families.CycleGan;

namespace GenService.Benchmarks;

/// <summary>Settings of the <c>cyclegan</c> command; every figure in README.md names them.</summary>
/// <param name="Steps">CycleGAN's training steps; default the family's.</param>
/// <param name="TrainImages">Fashion-MNIST training images whose sneakers and sandals are the two domains.</param>
/// <param name="HeldOut">Held-out images of each domain translated and scored (Fashion-MNIST's test split holds 1,000 of each class).</param>
/// <param name="FeatureSteps">Steps of the shared Fashion-MNIST feature network that classifies the translations; default the service's.</param>
/// <param name="Seed">Seed of the trainings.</param>
/// <param name="OutputDirectory">Where the grids are written.</param>
/// <param name="FashionMnist">Translate sneakers ↔ sandals (off with <c>--only-landscapes</c>).</param>
/// <param name="Landscapes">Also translate day ↔ night landscapes.</param>
/// <param name="LandscapeSteps">CycleGAN's training steps on the landscapes; default <paramref name="Steps"/>.</param>
/// <param name="LandscapeImages">Generated landscapes the day and night domains are taken from (a quarter of them each).</param>
/// <param name="LandscapeSize">Side of the generated landscapes.</param>
public sealed record CycleGanBenchmarkSettings(
    int Steps, int TrainImages, int HeldOut, int FeatureSteps, long Seed, string OutputDirectory,
    bool FashionMnist, bool Landscapes, int? LandscapeSteps, int LandscapeImages, int LandscapeSize)
{
    public const string Command = "cyclegan";

    private const string Usage =
        "Options: --steps 6000, --train-images 60000, --held-out 1000, --feature-steps 1000, --seed 1, --output benchmark-results, "
        + "--landscapes (a flag), --only-landscapes (a flag), --landscape-steps (default --steps), --landscape-images 8000, --landscape-size 64";

    public static CycleGanBenchmarkSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new CycleGanBenchmarkSettings(
            Steps: (int)CycleGanHyperparameters.Specs.Single(spec => spec.Name == CycleGanHyperparameters.StepsName).Default,
            TrainImages: 60_000, HeldOut: 1000, FeatureSteps: SharedFeatureNetwork.DefaultSteps, Seed: 1, OutputDirectory: "benchmark-results",
            FashionMnist: true, Landscapes: false, LandscapeSteps: null, LandscapeImages: 8000, LandscapeSize: 64);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--landscapes")
            {
                settings = settings with { Landscapes = true };
                continue;
            }
            if (args[i] == "--only-landscapes")
            {
                settings = settings with { FashionMnist = false, Landscapes = true };
                continue;
            }
            if (i + 1 == args.Count)
                throw new ArgumentException($"Option {args[i]} has no value. {Usage}");
            var value = args[++i];
            settings = args[i - 1] switch
            {
                "--steps" => settings with { Steps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--train-images" => settings with { TrainImages = int.Parse(value, CultureInfo.InvariantCulture) },
                "--held-out" => settings with { HeldOut = int.Parse(value, CultureInfo.InvariantCulture) },
                "--feature-steps" => settings with { FeatureSteps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seed" => settings with { Seed = long.Parse(value, CultureInfo.InvariantCulture) },
                "--output" => settings with { OutputDirectory = value },
                "--landscape-steps" => settings with { LandscapeSteps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--landscape-images" => settings with { LandscapeImages = int.Parse(value, CultureInfo.InvariantCulture) },
                "--landscape-size" => settings with { LandscapeSize = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i - 1]}. {Usage}"),
            };
        }
        return settings;
    }

    /// <summary>CycleGAN's training steps on the landscapes.</summary>
    public int StepsOnLandscapes => LandscapeSteps ?? Steps;

    public override string ToString() =>
        $"{Command} --steps {Steps} --train-images {TrainImages} --held-out {HeldOut} --feature-steps {FeatureSteps} --seed {Seed} --output {OutputDirectory}"
        + (Landscapes ? $" {(FashionMnist ? "--landscapes" : "--only-landscapes")} --landscape-steps {StepsOnLandscapes} --landscape-images {LandscapeImages} --landscape-size {LandscapeSize}" : "");
}
