using GenService.ML.Families;

namespace GenService.ML.Adversarial;

/// <summary>
/// The square power-of-two sizes the convolutional GANs generate (every layer doubles or halves the
/// resolution), and how a dataset maps onto them: to the smallest size that holds its images, so a
/// 28x28 Fashion-MNIST model trains and samples at 32x32.
/// </summary>
public static class GanResolution
{
    public const int MinimumSize = 32;
    public const int MaximumSize = 128;

    public static IReadOnlyList<int> Sizes { get; } = [32, 64, 128];

    /// <summary>Why <paramref name="family"/> cannot train on images of this shape, or null when it can.</summary>
    public static string? Check(ImageShape shape, string family)
    {
        if (shape.Channels is not (1 or 3))
            return $"{family} generates grayscale or RGB images (1 or 3 channels); these have {shape.Channels}.";
        if (shape.Height != shape.Width)
            return $"{family} generates square images; these are {shape.Width}x{shape.Height}. Crop them to a square first.";
        if (shape.Height > MaximumSize)
            return $"{family} generates at most {MaximumSize}x{MaximumSize} ({string.Join(", ", Sizes)}); these images are "
                   + $"{shape.Width}x{shape.Height}. Upload them downscaled to {MaximumSize} pixels or less.";
        return null;
    }

    /// <summary>The shape a model trained on <paramref name="datasetShape"/> generates: the smallest
    /// allowed size at least as large as the images, same channels.</summary>
    public static ImageShape OutputShape(ImageShape datasetShape)
    {
        var size = Sizes.FirstOrDefault(s => s >= Math.Max(datasetShape.Height, datasetShape.Width));
        if (size == 0)
            throw new ArgumentException($"No generated size holds {datasetShape.Width}x{datasetShape.Height} images.", nameof(datasetShape));
        return new ImageShape(datasetShape.Channels, size, size);
    }
}
