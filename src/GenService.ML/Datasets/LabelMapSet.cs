using static TorchSharp.torch;

namespace GenService.ML.Datasets;

/// <summary>
/// Images and their label maps in memory, pixel for pixel: images uint8 [N, C, H, W], maps uint8 [N, H, W]
/// of class indices, and optionally a uint8 label per image [N] (a landscape's style).
/// </summary>
public sealed class LabelMapSet : IDisposable
{
    /// <param name="images">uint8 [N, C, H, W]; taken over.</param>
    /// <param name="maps">uint8 [N, H, W]; taken over.</param>
    /// <param name="imageLabels">uint8 [N] indexing <paramref name="imageClasses"/>, or null; taken over.</param>
    public LabelMapSet(Tensor images, Tensor maps, IReadOnlyList<LabelClass> classes, int? dontCareIndex, Tensor? imageLabels, IReadOnlyList<string> imageClasses)
    {
        if (images.dtype != ScalarType.Byte || images.dim() != 4 || maps.dtype != ScalarType.Byte || maps.dim() != 3)
            throw new ArgumentException("Images must be uint8 [N, C, H, W] and maps uint8 [N, H, W].", nameof(maps));
        if (images.shape[0] != maps.shape[0] || images.shape[2] != maps.shape[1] || images.shape[3] != maps.shape[2])
            throw new ArgumentException($"Images [{string.Join(", ", images.shape)}] and maps [{string.Join(", ", maps.shape)}] must have the same count, height and width.", nameof(maps));
        if (imageLabels is not null && (imageLabels.dtype != ScalarType.Byte || imageLabels.dim() != 1 || imageLabels.shape[0] != images.shape[0]))
            throw new ArgumentException("Image labels must be uint8 [N], one per image.", nameof(imageLabels));
        Images = images;
        Maps = maps;
        Classes = classes;
        DontCareIndex = dontCareIndex;
        ImageLabels = imageLabels;
        ImageClasses = imageClasses;
    }

    public Tensor Images { get; }

    public Tensor Maps { get; }

    public IReadOnlyList<LabelClass> Classes { get; }

    public int? DontCareIndex { get; }

    public Tensor? ImageLabels { get; }

    public IReadOnlyList<string> ImageClasses { get; }

    public long Count => Images.shape[0];

    /// <summary>The images labelled by their per-image labels (styles), copied, as an image dataset: what a feature network learns.</summary>
    public DatasetTensors StyledImages() => new(Images.clone(), ImageLabels?.to_type(ScalarType.Int64), ImageClasses);

    /// <summary>The items at <paramref name="indices"/>, copied, in that order.</summary>
    public LabelMapSet Select(Tensor indices) =>
        new(Images.index_select(0, indices), Maps.index_select(0, indices), Classes, DontCareIndex, ImageLabels?.index_select(0, indices), ImageClasses);

    /// <summary>The items at <paramref name="size"/> x <paramref name="size"/>: images as <see cref="DatasetTensors.Resize"/>
    /// resizes them, maps by <see cref="ResizeNearest"/>. Copies when they already have that size.</summary>
    public LabelMapSet ResizedTo(int size)
    {
        using var scope = NewDisposeScope();
        var atSize = Maps.shape[1] == size && Maps.shape[2] == size;
        var images = atSize ? Images.clone() : DatasetTensors.Resize(Images, size);
        var maps = atSize ? Maps.clone() : ResizeNearest(Maps, size);
        return new LabelMapSet(
            images.MoveToOuterDisposeScope(), maps.MoveToOuterDisposeScope(), Classes, DontCareIndex, ImageLabels?.clone().MoveToOuterDisposeScope(), ImageClasses);
    }

    /// <summary>Label maps resized by nearest neighbour, sampling each output pixel's centre, so that a class index is
    /// never blended into another and a map that halves keeps every other pixel.</summary>
    /// <param name="maps">[N, H, W] of any integer type.</param>
    /// <returns>[N, size, size] of the same type, a new tensor.</returns>
    public static Tensor ResizeNearest(Tensor maps, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        using var scope = NewDisposeScope();
        Tensor Sources(long side) => arange(size, ScalarType.Float64).add_(0.5).mul_((double)side / size).floor_().to_type(ScalarType.Int64);
        return maps.index_select(1, Sources(maps.shape[1])).index_select(2, Sources(maps.shape[2])).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        Images.Dispose();
        Maps.Dispose();
        ImageLabels?.Dispose();
    }
}
