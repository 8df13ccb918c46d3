using GenService.ML.Families;
using GenService.ML.Families.SuperResolution;

namespace GenService.ML.Tests.Families.SuperResolution;

/// <summary>Tiny super-resolution runs: 4 channels, 2 residual blocks, 16-pixel crops of a few synthetic images.</summary>
public static class TinySuperResolution
{
    public static readonly ImageShape Shape = new(3, 24, 24);

    public static TinyGanRun SrResNet(IReadOnlyDictionary<string, object>? overrides = null, ImageShape? shape = null, long seed = 7) =>
        TinyGanRun.Create(SrResNetFamily.Specs, shape ?? Shape, Settings(overrides), seed: seed);

    /// <summary>One pre-training step, then adversarial steps with the feature content loss of a 2-step feature network.</summary>
    public static TinyGanRun Srgan(IReadOnlyDictionary<string, object>? overrides = null, long seed = 7)
    {
        var settings = Settings(new Dictionary<string, object>
        {
            [SrganHyperparameters.PretrainStepsName] = 1,
            [SrganHyperparameters.DiscriminatorChannelsName] = 4,
            [SrganHyperparameters.FeatureStepsName] = 2,
        });
        foreach (var (name, value) in overrides ?? new Dictionary<string, object>())
            settings[name] = value;
        return TinyGanRun.Create(SrganHyperparameters.Specs, Shape, settings, seed: seed);
    }

    private static Dictionary<string, object> Settings(IReadOnlyDictionary<string, object>? overrides)
    {
        var settings = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [SuperResolutionHyperparameters.ScaleName] = "x2",
            [SuperResolutionHyperparameters.ChannelsName] = 4,
            [SuperResolutionHyperparameters.ResidualBlocksName] = 2,
            [SuperResolutionHyperparameters.CropSizeName] = 16,
            [SuperResolutionHyperparameters.BatchSizeName] = 4,
            [SuperResolutionHyperparameters.StepsName] = 10,
        };
        foreach (var (name, value) in overrides ?? new Dictionary<string, object>())
            settings[name] = value;
        return settings;
    }
}
