using GenService.ML.Datasets;
using GenService.ML.Datasets.Captions;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Datasets.Captions;

public class FashionMnistCaptionWriterTests
{
    public FashionMnistCaptionWriterTests() => _ = TestTorch.Runtime;

    [Fact]
    public void TheSameImagesAndSeedGiveTheSameCaptionsAndAnotherSeedOthers()
    {
        using var train = FashionMnist.Read(FashionMnist.DefaultDirectory, FashionMnistSplit.Train, limit: 300);
        using var heldOut = FashionMnist.Read(FashionMnist.DefaultDirectory, FashionMnistSplit.Test, limit: 30);

        using var first = FashionMnistCaptionWriter.Write(train, heldOut, captionsPerImage: 3, seed: 7);
        using var again = FashionMnistCaptionWriter.Write(train, heldOut, captionsPerImage: 3, seed: 7);
        using var other = FashionMnistCaptionWriter.Write(train, heldOut, captionsPerImage: 3, seed: 8);

        Assert.Equal(Flatten(first), Flatten(again));
        Assert.NotEqual(Flatten(first), Flatten(other));
        Assert.Equal(330, first.Count);
        Assert.Equal(Enumerable.Repeat(false, 300).Concat(Enumerable.Repeat(true, 30)), first.Items.Select(item => item.HeldOut));
        Assert.All(first.Items, item => Assert.Equal((item.Captions.Count, 1), (item.Captions.Distinct().Count(), item.UnseenPhrasings.Count)));
        Assert.All(first.Items, item => Assert.InRange(item.Captions.Count, 1, 3));
        Assert.Contains(first.Items, item => item.Captions.Count == 3);
        Assert.True(first.Images.Images.narrow(0, 300, 30).equal(heldOut.Images).all().item<bool>());
        Assert.Equal(FashionMnist.ClassNames, first.Images.Classes);
    }

    [Fact]
    public void EveryCaptionNamesItsClassAndTheAttributesItsPixelsHave()
    {
        using var train = FashionMnist.Read(FashionMnist.DefaultDirectory, FashionMnistSplit.Train, limit: 300);
        using var heldOut = FashionMnist.Read(FashionMnist.DefaultDirectory, FashionMnistSplit.Test, limit: 30);

        using var set = FashionMnistCaptionWriter.Write(train, heldOut, captionsPerImage: FashionMnistCaptionWriter.MaxCaptionsPerImage, seed: 1);

        var measures = FashionMnistCaptionWriter.Measure(set.Images.Images);
        var labels = set.Images.Labels!.data<long>().ToArray();
        for (var i = 0; i < set.Count; i++)
        {
            var attributes = set.AttributeThresholds!.AttributesOf(measures[i], labels[i]).Select(FashionCaptionTemplates.Word).ToList();
            foreach (var caption in set.Items[i].Captions.Concat(set.Items[i].UnseenPhrasings))
            {
                Assert.Contains(FashionCaptionTemplates.Nouns[(int)labels[i]].Noun, caption);
                var words = caption.Split([' ', ',', '(', ')'], StringSplitOptions.RemoveEmptyEntries);
                Assert.Equal(attributes.Order(), words.Where(word => Enum.TryParse<GarmentAttribute>(word, ignoreCase: true, out _)).Order());
            }
        }
        Assert.Contains(set.Items, item => item.Captions.Any(caption => caption.Split(' ').Length > 3)); // some name attributes
    }

    [Fact]
    public void TrainingCaptionsNeverUseTheUnseenPhrasings()
    {
        using var train = FashionMnist.Read(FashionMnist.DefaultDirectory, FashionMnistSplit.Train, limit: 200);
        using var heldOut = FashionMnist.Read(FashionMnist.DefaultDirectory, FashionMnistSplit.Test, limit: 20);

        using var set = FashionMnistCaptionWriter.Write(train, heldOut, captionsPerImage: FashionMnistCaptionWriter.MaxCaptionsPerImage, seed: 3);

        var training = set.Items.SelectMany(item => item.Captions).ToHashSet();
        var unseen = set.Items.SelectMany(item => item.UnseenPhrasings).ToList();
        Assert.DoesNotContain(unseen, training.Contains);
        Assert.Contains(unseen, caption => caption.StartsWith("a picture showing ", StringComparison.Ordinal));
        Assert.DoesNotContain(training, caption => caption.StartsWith("a picture showing ", StringComparison.Ordinal) || caption.StartsWith("this is ", StringComparison.Ordinal) || caption.Contains('('));
    }

    [Fact]
    public void ThresholdsAreEachClassTercilesOfTheTrainingImagesOnly()
    {
        // Class 0: three plain images of brightness 60, 120 and 240; the held-out one (30) does not move them.
        using var train = new DatasetTensors(Stack(60, 120, 240), tensor(new long[] { 0, 0, 0 }), ["a"]);
        using var heldOut = new DatasetTensors(Stack(30), tensor(new long[] { 0 }), ["a"]);

        using var set = FashionMnistCaptionWriter.Write(train, heldOut, captionsPerImage: 1, seed: 0);

        var brightness = set.AttributeThresholds!.Classes[0].Brightness;
        Assert.Equal((60.0, 120.0), (brightness.Lower, brightness.Upper));
        var measures = FashionMnistCaptionWriter.Measure(set.Images.Images);
        Assert.Equal(
            [[], [], [GarmentAttribute.Light], [GarmentAttribute.Dark]],
            measures.Select(m => set.AttributeThresholds.AttributesOf(m, 0).Where(a => a is GarmentAttribute.Light or GarmentAttribute.Dark).ToArray()));
    }

    [Fact]
    public void MeasuresReadBrightnessTextureAndWidthOfTheGarmentPixelsOnly()
    {
        // A 4×6 garment of 200 with a vertical stripe of 100 on black: 24 pixels, 2 of every row's 6 at 100.
        var pixels = new byte[10 * 10];
        for (var y = 2; y < 6; y++)
        {
            for (var x = 2; x < 8; x++)
                pixels[(y * 10) + x] = (byte)(x is 4 or 5 ? 100 : 200);
        }

        var measures = GarmentMeasures.Of(pixels, 10, 10);

        Assert.Equal(((4 * 200) + (2 * 100)) / 6.0, measures.Brightness, 6);
        Assert.Equal(6.0, measures.Width);
        // Of 20 horizontal and 18 vertical neighbour pairs, the 8 across the stripe's two edges differ by 100.
        Assert.Equal(8 * 100 / 38.0, measures.Texture, 6);
    }

    private static string[] Flatten(CaptionSet set) => [.. set.Items.SelectMany(item => item.Captions.Concat(item.UnseenPhrasings))];

    /// <summary>Plain 28×28 images, each a 10×10 square of one grey level on black.</summary>
    private static Tensor Stack(params byte[] levels)
    {
        var images = zeros([levels.Length, 1, 28, 28], ScalarType.Byte);
        for (var i = 0; i < levels.Length; i++)
            images[i, 0, TensorIndex.Slice(9, 19), TensorIndex.Slice(9, 19)] = levels[i];
        return images;
    }
}
