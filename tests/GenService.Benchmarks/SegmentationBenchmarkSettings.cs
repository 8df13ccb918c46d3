using System.Globalization;
using GenService.ML.Evaluation;

namespace GenService.Benchmarks;

/// <summary>Settings of the <c>segmentation</c> command; every figure in README.md names them.</summary>
/// <param name="Images">Landscapes drawn; <see cref="SegmentationNetworkSettings.HeldOutFraction"/> of them are held out.</param>
/// <param name="Size">Their side in pixels (the generator draws 64 to 256).</param>
/// <param name="Steps">The segmentation network's training steps; default its settings'.</param>
/// <param name="BaseChannels">The network's channels at full resolution; default its settings'.</param>
/// <param name="LearningRate">Adam's step size; default the network's settings'.</param>
/// <param name="Seed">Seed of the landscapes, the split and the training.</param>
public sealed record SegmentationBenchmarkSettings(int Images, int Size, int Steps, int BaseChannels, double LearningRate, long Seed)
{
    public const string Command = "segmentation";

    private static readonly string Usage = string.Create(CultureInfo.InvariantCulture,
        $"Options: --images 2000, --size 64, --steps {new SegmentationNetworkSettings().Steps}, --base-channels {new SegmentationNetworkSettings().BaseChannels}, --learning-rate {new SegmentationNetworkSettings().LearningRate}, --seed 1");

    public static SegmentationBenchmarkSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new SegmentationBenchmarkSettings(Images: 2000, Size: 64, Steps: new SegmentationNetworkSettings().Steps,
            BaseChannels: new SegmentationNetworkSettings().BaseChannels, LearningRate: new SegmentationNetworkSettings().LearningRate, Seed: 1);
        if (args.Count % 2 != 0)
            throw new ArgumentException($"Option {args[^1]} has no value. {Usage}");
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--images" => settings with { Images = int.Parse(value, CultureInfo.InvariantCulture) },
                "--size" => settings with { Size = int.Parse(value, CultureInfo.InvariantCulture) },
                "--steps" => settings with { Steps = int.Parse(value, CultureInfo.InvariantCulture) },
                "--base-channels" => settings with { BaseChannels = int.Parse(value, CultureInfo.InvariantCulture) },
                "--learning-rate" => settings with { LearningRate = double.Parse(value, CultureInfo.InvariantCulture) },
                "--seed" => settings with { Seed = long.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. {Usage}"),
            };
        }
        return settings;
    }

    public override string ToString() => $"{Command} --images {Images} --size {Size} --steps {Steps} --base-channels {BaseChannels} --learning-rate {LearningRate.ToString(CultureInfo.InvariantCulture)} --seed {Seed}";
}
