using System.Text.Json;
using GenService.ML.Families;
using GenService.ML.Families.StyleGan;

namespace GenService.ML.Tests.Families.StyleGan;

public class StyleGanFamilyTests
{
    private readonly StyleGanFamily family = new();

    [Theory]
    [InlineData(1, 28, 32)]
    [InlineData(3, 32, 32)]
    [InlineData(1, 16, 16)]
    [InlineData(3, 48, 64)]
    [InlineData(1, 64, 64)]
    [InlineData(3, 100, 128)]
    [InlineData(1, 128, 128)]
    public void TrainsSquareImagesAtTheNextPowerOfTwo(int channels, int size, int resolution)
    {
        var shape = new ImageShape(channels, size, size);

        Assert.Null(family.CheckDataset(shape));
        Assert.Equal(new ImageShape(channels, resolution, resolution), family.OutputShape(shape));
    }

    [Theory]
    [InlineData(2, 28, 28, "channels")]
    [InlineData(4, 32, 32, "channels")]
    [InlineData(1, 28, 32, "square")]
    [InlineData(1, 8, 8, "from 16 to 128")]
    [InlineData(3, 256, 256, "from 16 to 128")]
    public void RejectsUnsupportedShapesWithAReason(int channels, int height, int width, string reason)
    {
        var message = family.CheckDataset(new ImageShape(channels, height, width));

        Assert.NotNull(message);
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultsValidateAndFollowTheSmallImageConfiguration()
    {
        var values = Hyperparameters.Validate(family.Hyperparameters, null, out var errors);
        var defaults = StyleGanHyperparameters.From(values);

        Assert.Empty(errors);
        Assert.Equal(new StyleGanHyperparameters(), defaults);
        Assert.Equal(0.002, defaults.LearningRate);
        Assert.Equal(16, defaults.BatchSize);
        Assert.Equal(0, defaults.StyleMixingProbability);
        Assert.Equal(10_000, defaults.EmaHalfLifeImages);
        Assert.Equal(0.05, defaults.EmaRampUp);
        Assert.Equal(16, defaults.R1Interval);
        Assert.Equal(2, defaults.MappingLayers);
        Assert.Equal(0.1, defaults.R1Gamma);
        Assert.True(defaults.Steps > 0);
    }

    [Theory]
    [InlineData("steps", "0")]
    [InlineData("batch_size", "1")]
    [InlineData("learning_rate", "1")]
    [InlineData("r1_gamma", "-1")]
    [InlineData("r1_interval", "0")]
    [InlineData("style_mixing_probability", "1.5")]
    [InlineData("ema_half_life_images", "-5")]
    [InlineData("ema_ramp_up", "1.5")]
    [InlineData("w_dim", "2.5")]
    [InlineData("mapping_layers", "0")]
    [InlineData("channel_base", "1")]
    [InlineData("max_channels", "0")]
    [InlineData("minibatch_group_size", "0")]
    [InlineData("latent_dim", "8")]
    public void RejectsOutOfRangeHyperparameters(string name, string json)
    {
        var supplied = new Dictionary<string, JsonElement> { [name] = JsonDocument.Parse(json).RootElement };

        Hyperparameters.Validate(family.Hyperparameters, supplied, out var errors);

        Assert.Contains(name, errors.Keys);
    }
}
