using System.Globalization;
using GenService.ML.Families.TextGan;

namespace GenService.Benchmarks;

/// <summary>Settings of the <c>textgan</c> command; every figure in README.md names them.</summary>
/// <param name="Steps">The text GAN's training steps, all phases together; default the family's.</param>
/// <param name="Overrides">Other hyperparameters than the family's defaults (e.g. stage2_share, stage2_channels).</param>
/// <param name="TrainImages">Fashion-MNIST training images captioned and trained on (the service's default run imports 10,000).</param>
/// <param name="HeldOut">Images of Fashion-MNIST's test split captioned and held out for the evaluation.</param>
/// <param name="FeatureSteps">Steps of the shared feature network, the evaluation's classifier (<see cref="SharedFeatureNetwork"/>); default the service's.</param>
/// <param name="Seed">Seed of the captions and of the model's training.</param>
/// <param name="OutputDirectory">Where the prompt grids are written.</param>
/// <param name="StageOneCheckpoint">The trainer's checkpoint at the end of stage I: read when the file exists (the text
/// encoder's and stage I's steps are then skipped), written when it does not. Variants of stage II on one stage I (its
/// steps, its training) then cost stage II's time alone; a run replays each step from (seed, step), so the result is the
/// one a run from scratch gives.</param>
public sealed record TextGanBenchmarkSettings(
    int Steps, IReadOnlyDictionary<string, object> Overrides, int TrainImages, int HeldOut, int FeatureSteps, long Seed, string OutputDirectory,
    string? StageOneCheckpoint = null)
{
    public const string Command = "textgan";

    private const string Usage =
        "Options: --steps 4500, --set name=value[,name=value] (other hyperparameters), --train-images 10000, --held-out 1000, --feature-steps 1000, --seed 1, --output benchmark-results, --stage-one-checkpoint FILE (read if it exists, else written)";

    public static TextGanBenchmarkSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new TextGanBenchmarkSettings(
            Steps: (int)TextGanHyperparameters.Specs.Single(spec => spec.Name == TextGanHyperparameters.StepsName).Default,
            Overrides: new Dictionary<string, object>(StringComparer.Ordinal),
            TrainImages: 10_000, HeldOut: 1000, FeatureSteps: SharedFeatureNetwork.DefaultSteps, Seed: 1, OutputDirectory: "benchmark-results");
        if (args.Count % 2 != 0)
            throw new ArgumentException($"Option {args[^1]} has no value. {Usage}");
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--steps" => settings with { Steps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--set" => settings with { Overrides = ParseOverrides(value) },
                "--train-images" => settings with { TrainImages = int.Parse(value, CultureInfo.InvariantCulture) },
                "--held-out" => settings with { HeldOut = int.Parse(value, CultureInfo.InvariantCulture) },
                "--feature-steps" => settings with { FeatureSteps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seed" => settings with { Seed = long.Parse(value, CultureInfo.InvariantCulture) },
                "--output" => settings with { OutputDirectory = value },
                "--stage-one-checkpoint" => settings with { StageOneCheckpoint = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}. {Usage}"),
            };
        }
        return settings;
    }

    /// <summary>"name=value,name=value" as numbers.</summary>
    private static Dictionary<string, object> ParseOverrides(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=', 2)).ToDictionary(
            pair => pair[0],
            pair => pair.Length == 2 ? (object)double.Parse(pair[1], CultureInfo.InvariantCulture) : throw new ArgumentException($"--set takes name=value pairs, not '{pair[0]}'. {Usage}"),
            StringComparer.Ordinal);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Command} --steps {Steps}{(Overrides.Count == 0 ? "" : " --set " + string.Join(',', Overrides.Select(o => $"{o.Key}={o.Value}")))} --train-images {TrainImages} --held-out {HeldOut} --feature-steps {FeatureSteps} --seed {Seed} --output {OutputDirectory}{(StageOneCheckpoint is null ? "" : " --stage-one-checkpoint " + StageOneCheckpoint)}");
}
