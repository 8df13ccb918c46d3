using GenService.ML.Families;
using GenService.ML.Families.Progan;

namespace GenService.ML.Tests.Families.Progan;

/// <summary>Tiny Progressive GAN runs: narrow networks, small batches, a handful of synthetic images.</summary>
public static class TinyProgan
{
    /// <param name="steps">The run's length, which the growth schedule is spread over (32x32: four levels).</param>
    public static TinyGanRun Run(long steps = 8, ImageShape? shape = null, IReadOnlyDictionary<string, object>? overrides = null)
    {
        var settings = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [ProganHyperparameters.LatentDimName] = 8,
            [ProganHyperparameters.ChannelsName] = 4,
            [ProganHyperparameters.BatchSizeName] = 8,
            [ProganHyperparameters.StepsName] = steps,
        };
        foreach (var (name, value) in overrides ?? new Dictionary<string, object>())
            settings[name] = value;
        return TinyGanRun.Create(ProganHyperparameters.Specs, shape ?? new ImageShape(1, 32, 32), settings);
    }
}
