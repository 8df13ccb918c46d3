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

    public void Dispose()
    {
        Images.Dispose();
        Maps.Dispose();
        ImageLabels?.Dispose();
    }
}
