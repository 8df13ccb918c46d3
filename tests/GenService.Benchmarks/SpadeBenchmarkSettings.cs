using System.Globalization;
using GenService.ML.Evaluation;
using GenService.ML.Families.Spade;

namespace GenService.Benchmarks;

/// <summary>Settings of the <c>spade</c> command; every figure in README.md names them.</summary>
/// <param name="Steps">Training steps of both SPADE and pix2pix; default SPADE's.</param>
/// <param name="Images">Training landscapes, drawn with <paramref name="Seed"/>.</param>
/// <param name="Size">Their side in pixels: 64, 128 or 256, sizes both families train at without resizing.</param>
/// <param name="HeldOut">Held-out landscapes, drawn with <paramref name="Seed"/> + 1: their maps are rendered and scored.</param>
/// <param name="SegmentationSteps">Steps of the segmentation network that scores mIoU and pixel accuracy; default its settings'.</param>
/// <param name="FeatureSteps">Steps of the feature network the Fréchet distances are measured on; default the service's.</param>
/// <param name="Seed">Seed of the landscapes and of every training.</param>
/// <param name="OutputDirectory">Where the figures are written.</param>
public sealed record SpadeBenchmarkSettings(
    int Steps, int Images, int Size, int HeldOut, int SegmentationSteps, int FeatureSteps, long Seed, string OutputDirectory)
{
    public const string Command = "spade";

    private static readonly int[] Sizes = [64, 128, 256];

    private static readonly string Usage = string.Create(CultureInfo.InvariantCulture,
        $"Options: --steps {DefaultSteps}, --images 2000, --size 64 (or 128, 256), --held-out 200, --segmentation-steps {new SegmentationNetworkSettings().Steps}, "
        + $"--feature-steps {new FeatureNetworkSettings().Steps}, --seed 1, --output benchmark-results");

    private static int DefaultSteps => (int)SpadeHyperparameters.Specs.Single(spec => spec.Name == SpadeHyperparameters.StepsName).Default;

    public static SpadeBenchmarkSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new SpadeBenchmarkSettings(
            Steps: DefaultSteps, Images: 2000, Size: 64, HeldOut: 200, SegmentationSteps: new SegmentationNetworkSettings().Steps,
            FeatureSteps: new FeatureNetworkSettings().Steps, Seed: 1, OutputDirectory: "benchmark-results");
        if (args.Count % 2 != 0)
            throw new ArgumentException($"Option {args[^1]} has no value. {Usage}");
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--steps" => settings with { Steps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--images" => settings with { Images = int.Parse(value, CultureInfo.InvariantCulture) },
                "--size" => settings with { Size = int.Parse(value, CultureInfo.InvariantCulture) },
                "--held-out" => settings with { HeldOut = int.Parse(value, CultureInfo.InvariantCulture) },
                "--segmentation-steps" => settings with { SegmentationSteps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--feature-steps" => settings with { FeatureSteps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seed" => settings with { Seed = long.Parse(value, CultureInfo.InvariantCulture) },
                "--output" => settings with { OutputDirectory = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}. {Usage}"),
            };
        }
        if (!Sizes.Contains(settings.Size))
            throw new ArgumentException($"--size must be one of {string.Join(", ", Sizes)}, not {settings.Size}. {Usage}");
        // A Fréchet distance needs a covariance, so at least two images a side.
        if (settings.Images < 2 || settings.HeldOut < 2)
            throw new ArgumentException($"--images and --held-out must be at least 2. {Usage}");
        return settings;
    }

    public override string ToString() =>
        $"{Command} --steps {Steps} --images {Images} --size {Size} --held-out {HeldOut} --segmentation-steps {SegmentationSteps} "
        + $"--feature-steps {FeatureSteps} --seed {Seed} --output {OutputDirectory}";
}
