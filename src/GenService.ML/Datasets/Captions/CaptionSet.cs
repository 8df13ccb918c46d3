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

    public void Dispose() => Images.Dispose();
}
