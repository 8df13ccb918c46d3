using GenService.ML.Families;
using GenService.ML.Families.Dcgan;

namespace GenService.ML.Tests.Families.Dcgan;

/// <summary>Tiny DCGAN runs: narrow networks, small batches, a handful of synthetic images, and a short catch-up of
/// wgan's critic (3 steps, not the paper's 100) so its first steps stay quick.</summary>
public static class TinyDcgan
{
    public static TinyGanRun Run(string objective, ImageShape? shape = null, IReadOnlyDictionary<string, object>? overrides = null, long seed = 7)
    {
        var settings = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [DcganHyperparameters.ObjectiveName] = objective,
            [DcganHyperparameters.LatentDimName] = 8,
            [DcganHyperparameters.BaseChannelsName] = 4,
            [DcganHyperparameters.BatchSizeName] = 8,
            [DcganHyperparameters.CriticCatchUpStepsName] = 3,
            [DcganHyperparameters.StepsName] = 10,
        };
        foreach (var (name, value) in overrides ?? new Dictionary<string, object>())
            settings[name] = value;
        return TinyGanRun.Create(DcganHyperparameters.Specs, shape ?? new ImageShape(1, 32, 32), settings, seed: seed);
    }
}
