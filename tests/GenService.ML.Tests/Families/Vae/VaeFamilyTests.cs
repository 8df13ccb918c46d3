using System.Text.Json;
using GenService.ML.Families;
using GenService.ML.Families.Vae;

namespace GenService.ML.Tests.Families.Vae;

public class VaeFamilyTests
{
    private readonly VaeFamily family = new();

    [Theory]
    [InlineData(1, 28)]
    [InlineData(3, 32)]
    [InlineData(1, 64)]
    [InlineData(3, 48)]
    [InlineData(1, 16)]
    [InlineData(3, 128)]
    public void AcceptsSquareGrayscaleAndColourImages(int channels, int size) =>
        Assert.Null(family.CheckDataset(new ImageShape(channels, size, size)));

    [Theory]
    [InlineData(2, 28, 28, "channels")]
    [InlineData(4, 32, 32, "channels")]
    [InlineData(1, 28, 32, "square")]
    [InlineData(1, 8, 8, "from 16 to 128")]
    [InlineData(3, 256, 256, "from 16 to 128")]
    [InlineData(1, 30, 30, "even")]
    [InlineData(1, 36, 36, "even")]
    public void RejectsUnsupportedShapesWithAReason(int channels, int height, int width, string reason)
    {
        var message = family.CheckDataset(new ImageShape(channels, height, width));

        Assert.NotNull(message);
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultsValidateAndExposeSteps()
    {
        var values = Hyperparameters.Validate(family.Hyperparameters, null, out var errors);

        Assert.Empty(errors);
        Assert.Equal(2000, values.GetInt("steps"));
        Assert.Equal(new VaeHyperparameters(), VaeHyperparameters.From(values));
    }

    [Fact]
    public void ARunStoredBeforeTheDecoderVarianceAndPriorSettingsKeepsThePerPixelDecoderAndTheStandardNormal()
    {
        var stored = new Dictionary<string, double>(StringComparer.Ordinal) { ["steps"] = 100, ["min_decoder_std"] = 0.2 };

        var values = VaeHyperparameters.From(Hyperparameters.FromStored(family.Hyperparameters, stored));

        Assert.Equal(DecoderVariance.PerPixel, values.DecoderVariance);
        Assert.Equal(LatentPrior.StandardNormal, values.Prior);
        Assert.Equal(DecoderVariance.Shared, new VaeHyperparameters().DecoderVariance);
        Assert.Equal(LatentPrior.Mixture, new VaeHyperparameters().Prior);
    }

    [Theory]
    [InlineData("latent_dim", "0")]
    [InlineData("latent_dim", "2.5")]
    [InlineData("learning_rate", "1")]
    [InlineData("batch_size", "0")]
    [InlineData("steps", "0")]
    [InlineData("base_channels", "1000")]
    [InlineData("beta", "-1")]
    [InlineData("validation_fraction", "0.1")]
    public void RejectsOutOfRangeHyperparameters(string name, string json)
    {
        var supplied = new Dictionary<string, JsonElement> { [name] = JsonDocument.Parse(json).RootElement };

        Hyperparameters.Validate(family.Hyperparameters, supplied, out var errors);

        Assert.Contains(name, errors.Keys);
    }

    [Fact]
    public void AcceptsASingleStepRun()
    {
        var supplied = new Dictionary<string, JsonElement> { ["steps"] = JsonDocument.Parse("1").RootElement };

        var values = Hyperparameters.Validate(family.Hyperparameters, supplied, out var errors);

        Assert.Empty(errors);
        Assert.Equal(1, VaeHyperparameters.From(values).Steps);
    }
}
