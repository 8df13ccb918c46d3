using GenService.ML.Datasets.Landscapes;
using static TorchSharp.torch;

namespace GenService.ML.Datasets.Captions;

/// <summary>
/// Writes captions for Fashion-MNIST images from each image's class and the attributes measured from its pixels
/// (<see cref="GarmentMeasures"/>, named against <see cref="FashionAttributeThresholds"/> set by the training
/// images alone), in several phrasings a class (<see cref="FashionCaptionTemplates"/>). The same images, count and
/// seed always give the same captions, on any machine.
/// </summary>
public static class FashionMnistCaptionWriter
{
    /// <summary>Captions an image, as Reed et al. 2016 collected several (ten) an image; five of our six phrasings.</summary>
    public const int DefaultCaptionsPerImage = 5;

    public static int MaxCaptionsPerImage => FashionCaptionTemplates.Training.Count;

    /// <summary>Captions the training images and the held-out ones (flagged so), in that order, in a new set.</summary>
    /// <param name="train">Labelled gray images that set the thresholds; not taken over.</param>
    /// <param name="heldOut">Labelled gray images kept out of training; not taken over.</param>
    /// <param name="captionsPerImage">1 to <see cref="MaxCaptionsPerImage"/> training captions an image, each in another phrasing
    /// (fewer for an image with no clear attribute, whose phrasings partly coincide: "sneaker", "a sneaker").</param>
    public static CaptionSet Write(DatasetTensors train, DatasetTensors heldOut, int captionsPerImage, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentOutOfRangeException.ThrowIfLessThan(captionsPerImage, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(captionsPerImage, MaxCaptionsPerImage);
        if (train.Labels is null || heldOut.Labels is null || train.Images.shape[1] != 1)
            throw new ArgumentException("The caption writer needs gray images with class labels.", nameof(train));

        var trainMeasures = Measure(train.Images);
        var trainLabels = train.Labels.data<long>().ToArray();
        var thresholds = FashionAttributeThresholds.Of(trainMeasures, trainLabels, train.Classes);
        var measures = trainMeasures.Concat(Measure(heldOut.Images)).ToArray();
        var labels = trainLabels.Concat(heldOut.Labels.data<long>().ToArray()).ToArray();

        var items = new ImageCaptions[measures.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var random = SplitMix64.ForItem(seed, i);
            var noun = FashionCaptionTemplates.Nouns[(int)labels[i]];
            var attributes = thresholds.AttributesOf(measures[i], labels[i]);
            var captions = Shuffled(FashionCaptionTemplates.Training, random)
                .Select(template => template(noun, Shuffled(attributes, random)))
                .Distinct()
                .Take(captionsPerImage)
                .ToArray();
            items[i] = new ImageCaptions(captions, [UnseenPhrasing(noun, Shuffled(attributes, random), random)], HeldOut: i >= trainLabels.Length);
        }

        using var scope = NewDisposeScope();
        var images = cat([train.Images, heldOut.Images], 0).MoveToOuterDisposeScope();
        var allLabels = cat([train.Labels, heldOut.Labels], 0).MoveToOuterDisposeScope();
        return new CaptionSet(new DatasetTensors(images, allLabels, train.Classes), items, thresholds);
    }

    /// <summary>The measures of each gray image of uint8 [N, 1, H, W].</summary>
    public static GarmentMeasures[] Measure(Tensor images)
    {
        var (height, width) = ((int)images.shape[2], (int)images.shape[3]);
        using var scope = NewDisposeScope();
        var pixels = images.cpu().contiguous().bytes;
        var measures = new GarmentMeasures[images.shape[0]];
        for (var i = 0; i < measures.Length; i++)
            measures[i] = GarmentMeasures.Of(pixels.Slice(i * height * width, height * width), height, width);
        return measures;
    }

    /// <summary>
    /// A caption in an unseen phrasing that no training phrasing also writes: without attributes "sneaker" and
    /// "a sneaker" are training phrasings too, so those images get "a picture showing a sneaker" or "this is a sneaker".
    /// </summary>
    private static string UnseenPhrasing(GarmentNoun noun, IReadOnlyList<GarmentAttribute> attributes, SplitMix64 random)
    {
        var training = FashionCaptionTemplates.Training.Select(template => template(noun, attributes)).ToHashSet();
        var unseen = FashionCaptionTemplates.Unseen.Select(template => template(noun, attributes)).Where(caption => !training.Contains(caption)).ToList();
        return unseen[random.Below(unseen.Count)];
    }

    /// <summary>The items in a seeded order (Fisher-Yates).</summary>
    private static T[] Shuffled<T>(IReadOnlyList<T> items, SplitMix64 random)
    {
        var order = items.ToArray();
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.Below(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
