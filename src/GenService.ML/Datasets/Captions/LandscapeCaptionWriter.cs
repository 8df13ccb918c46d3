using GenService.ML.Datasets.Landscapes;
using static TorchSharp.torch;

namespace GenService.ML.Datasets.Captions;

/// <summary>
/// Captions the generated landscapes from what their label maps hold (<see cref="LandscapeContents"/>) and their style,
/// in several phrasings (<see cref="LandscapeCaptionTemplates"/>): "mountains by the sea with trees at sunset under
/// clouds". The images keep their style as their class label. The same seed, count and size always give the same
/// images (those of the landscapes dataset) and captions.
/// </summary>
public static class LandscapeCaptionWriter
{
    public const int DefaultCaptionsPerImage = 3;

    public static int MaxCaptionsPerImage => LandscapeCaptionTemplates.Training.Count;

    /// <param name="captionsPerImage">1 to <see cref="MaxCaptionsPerImage"/> training captions an image, each in another phrasing.</param>
    public static CaptionSet Write(ulong seed, int count, int size, int captionsPerImage, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(captionsPerImage, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(captionsPerImage, MaxCaptionsPerImage);
        using var landscapes = LandscapeSet.Draw(seed, count, size, cancellationToken);
        var styles = landscapes.ImageLabels!.data<byte>().ToArray();
        var items = new ImageCaptions[count];
        for (var i = 0; i < count; i++)
        {
            using var map = landscapes.Maps[i];
            var contents = LandscapeContents.Of(map.bytes, (LandscapeStyle)styles[i]);
            // A stream of its own, apart from the one that drew the landscape, so the images stay those of the landscapes dataset.
            var random = SplitMix64.ForItem(~seed, i);
            var order = Enumerable.Range(0, MaxCaptionsPerImage).ToArray();
            for (var j = order.Length - 1; j > 0; j--)
            {
                var k = random.Below(j + 1);
                (order[j], order[k]) = (order[k], order[j]);
            }
            var captions = order.Take(captionsPerImage).Select(template => LandscapeCaptionTemplates.Training[template](contents)).ToArray();
            var unseen = LandscapeCaptionTemplates.Unseen[random.Below(LandscapeCaptionTemplates.Unseen.Count)](contents);
            items[i] = new ImageCaptions(captions, [unseen], HeldOut: false);
        }
        var images = new DatasetTensors(landscapes.Images.clone(), landscapes.ImageLabels.to_type(ScalarType.Int64), LandscapeGenerator.StyleNames);
        return new CaptionSet(images, items, attributeThresholds: null);
    }
}
