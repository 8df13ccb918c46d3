using System.Globalization;
using GenService.ML.Families.SocialGan;

namespace GenService.Benchmarks;

/// <summary>Settings of the <c>socialgan</c> command; every figure in README.md names them.</summary>
/// <param name="Steps">Social GAN's generator steps; default the family's.</param>
/// <param name="TrainScenes">Simulated scenes trained on (and as many frames each as <paramref name="Frames"/>).</param>
/// <param name="HeldOutScenes">Simulated test scenes scored (the run validates on as many val scenes).</param>
/// <param name="Frames">Frames of each simulated scene, 0.4 s apart.</param>
/// <param name="Seed">Seed of the simulator and of the trainings.</param>
/// <param name="SceneFile">An ETH/UCY-format scene also scored (the hand-written one shipped with the benchmark by default).</param>
/// <param name="OutputDirectory">Where the plots are written.</param>
public sealed record SocialGanBenchmarkSettings(int Steps, int TrainScenes, int HeldOutScenes, int Frames, long Seed, string SceneFile, string OutputDirectory)
{
    public const string Command = "socialgan";

    private const string Usage =
        "Options: --steps 2000, --train-scenes 16, --held-out-scenes 4, --frames 150, --seed 1, "
        + "--scene-file tests/GenService.Benchmarks/Scenes/crossing.txt, --output benchmark-results";

    public static SocialGanBenchmarkSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new SocialGanBenchmarkSettings(
            Steps: (int)SocialGanHyperparameters.Specs.Single(spec => spec.Name == SocialGanHyperparameters.StepsName).Default,
            TrainScenes: 16, HeldOutScenes: 4, Frames: 150, Seed: 1,
            SceneFile: Path.Combine("tests", "GenService.Benchmarks", "Scenes", "crossing.txt"), OutputDirectory: "benchmark-results");
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 == args.Count)
                throw new ArgumentException($"Option {args[i]} has no value. {Usage}");
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--steps" => settings with { Steps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--train-scenes" => settings with { TrainScenes = int.Parse(value, CultureInfo.InvariantCulture) },
                "--held-out-scenes" => settings with { HeldOutScenes = int.Parse(value, CultureInfo.InvariantCulture) },
                "--frames" => settings with { Frames = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seed" => settings with { Seed = long.Parse(value, CultureInfo.InvariantCulture) },
                "--scene-file" => settings with { SceneFile = value },
                "--output" => settings with { OutputDirectory = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}. {Usage}"),
            };
        }
        return settings;
    }

    public override string ToString() =>
        $"{Command} --steps {Steps} --train-scenes {TrainScenes} --held-out-scenes {HeldOutScenes} --frames {Frames} --seed {Seed} --scene-file {SceneFile} --output {OutputDirectory}";
}
