using GenService.ML.Families;
using GenService.ML.Families.Pix2Pix;

namespace GenService.ML.Tests.Families.Pix2Pix;

/// <summary>Tiny pix2pix runs: narrow networks, small batches, a handful of synthetic images.</summary>
public static class TinyPix2Pix
{
    public static TinyGanRun Run(ImageShape? shape = null, IReadOnlyDictionary<string, object>? overrides = null, long seed = 7)
    {
        var settings = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [Pix2PixHyperparameters.BaseChannelsName] = 4,
            [Pix2PixHyperparameters.BatchSizeName] = 4,
            [Pix2PixHyperparameters.StepsName] = 10,
        };
        foreach (var (name, value) in overrides ?? new Dictionary<string, object>())
            settings[name] = value;
        return TinyGanRun.Create(Pix2PixHyperparameters.Specs, shape ?? new ImageShape(1, 32, 32), settings, count: 12, seed: seed);
    }
}
