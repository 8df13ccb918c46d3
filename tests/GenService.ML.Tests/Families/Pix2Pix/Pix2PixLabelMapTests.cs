using System.Text.Json;
using GenService.ML.Datasets;
using GenService.ML.Datasets.Landscapes;
using GenService.ML.Families;
using GenService.ML.Families.Pix2Pix;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.Pix2Pix;

/// <summary>pix2pix as the SPADE paper's baseline: label maps painted in their classes' colours, translated to the images.</summary>
public sealed class Pix2PixLabelMapTests
{
    public Pix2PixLabelMapTests() => _ = TestTorch.Runtime;

    [Fact]
    public void Painted_map_pairs_hold_each_pixels_class_colour_beside_the_image()
    {
        using var drawn = LandscapeSet.Draw(seed: 3, count: 2, size: 64);

        using var pairs = PaintedMapPairs.From(drawn);

        Assert.Equal(new ImageShape(3, 64, 64), pairs.InputShape);
        Assert.True(pairs.Targets.eq(drawn.Images).all().item<bool>());
        var sky = drawn.Classes.First(c => c.Name == "sky");
        using var skyPixels = drawn.Maps.eq(sky.Index);
        var (r, _, _) = sky.ColourBytes();
        Assert.True(skyPixels.any().item<bool>());
        Assert.True(pairs.Inputs[.., 0].masked_select(skyPixels).eq(r).all().item<bool>());
    }

    [Fact]
    public void A_few_steps_on_landscapes_train_from_three_painted_channels_to_the_images()
    {
        using var drawn = LandscapeSet.Draw(seed: 3, count: 6, size: 64);
        using var trainIndices = arange(0, 4, dtype: ScalarType.Int64);
        using var validationIndices = arange(4, 6, dtype: ScalarType.Int64);
        using var train = drawn.Select(trainIndices);
        using var validation = drawn.Select(validationIndices);
        var supplied = new Dictionary<string, object> { [Pix2PixHyperparameters.BaseChannelsName] = 4, [Pix2PixHyperparameters.BatchSizeName] = 2 }
            .ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value));
        var hyperparameters = Hyperparameters.Validate(Pix2PixHyperparameters.Specs, supplied, out var errors);
        Assert.Empty(errors);
        using var trainer = new Pix2PixTrainer(new TrainingSetup(hyperparameters, train, validation, CPU, 7));

        var losses = Enumerable.Range(0, 2).Select(step => trainer.Step(step)).ToList();

        Assert.Equal(PaintedMapPairs.InputChannels, trainer.Architecture.InputChannels);
        Assert.Equal(new ImageShape(3, 64, 64), trainer.Architecture.Shape);
        Assert.All(losses.SelectMany(step => step.Values), value => Assert.True(double.IsFinite(value)));
        Assert.All(trainer.Evaluate().Values, value => Assert.True(double.IsFinite(value)));
        using var preview = trainer.Preview([0, 1]);
        Assert.Equal([2L, 3, 64, 192], preview.shape);
    }

    [Fact]
    public void Pix2pix_translates_painted_label_maps()
    {
        Assert.True(((ITranslationInputs)new Pix2PixFamily()).TranslatesPaintedLabelMaps);
    }
}
