using static TorchSharp.torch;

namespace GenService.ML.Datasets.Captions;

/// <summary>Images of one shape (with class labels when they have them) and the captions of each, in image order.</summary>
public sealed class CaptionSet : IDisposable
{
    /// <param name="images">Taken over.</param>
    /// <param name="attributeThresholds">How the built-in caption writer named attributes; null for uploads.</param>
    public CaptionSet(DatasetTensors images, IReadOnlyList<ImageCaptions> items, FashionAttributeThresholds? attributeThresholds)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count != images.Count)
            throw new ArgumentException($"{images.Count} images need as many captions entries, not {items.Count}.", nameof(items));
        if (items.Any(item => item.Captions.Count == 0))
            throw new ArgumentException("Every image needs at least one caption.", nameof(items));
        Images = images;
        Items = items;
        AttributeThresholds = attributeThresholds;
    }

    public DatasetTensors Images { get; }

    public IReadOnlyList<ImageCaptions> Items { get; }

    public FashionAttributeThresholds? AttributeThresholds { get; }

    public long Count => Images.Count;

    /// <summary>
    /// The positions of the images to train on and of those held out: by the stored flags when any image is flagged
    /// (an archive's held-out/ folder, the built-in test split), otherwise by the seeded split runs make of an images
    /// dataset (<see cref="DatasetTensors.SplitIndices"/>).
    /// </summary>
    public (long[] Train, long[] HeldOut) SplitIndices(double validationFraction, long seed)
    {
        if (Items.Any(item => item.HeldOut))
        {
            var positions = Enumerable.Range(0, Items.Count).ToLookup(i => Items[i].HeldOut, i => (long)i);
            return ([.. positions[false]], [.. positions[true]]);
        }
        var (train, heldOut) = DatasetTensors.SplitIndices(Count, validationFraction, seed);
        using (train)
        using (heldOut)
            return (train.data<long>().ToArray(), heldOut.data<long>().ToArray());
    }

    /// <summary>The images (with labels) and captions at <paramref name="positions"/>, copied, in that order.</summary>
    public CaptionSet Select(IReadOnlyList<long> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        using var indices = tensor(positions.ToArray(), ScalarType.Int64);
        return new CaptionSet(Images.Select(indices), [.. positions.Select(position => Items[checked((int)position)])], AttributeThresholds);
    }

    public void Dispose() => Images.Dispose();
}
