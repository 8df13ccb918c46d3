using GenService.ML.Families;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Datasets;

/// <summary>
/// A dataset in memory: uint8 images [N, C, H, W] on the CPU, optional int64 class labels [N] and the
/// class names. Bytes keep a 60k-image set at 47 MB; batches become float only when they are used.
/// </summary>
public sealed class DatasetTensors : IDisposable
{
    private const long ResizeChunk = 4096;

    public DatasetTensors(Tensor images, Tensor? labels, IReadOnlyList<string> classes)
    {
        if (images.dtype != ScalarType.Byte || images.dim() != 4)
            throw new ArgumentException("Images must be a uint8 tensor [N, C, H, W].", nameof(images));
        if (labels is not null && (labels.dtype != ScalarType.Int64 || labels.shape[0] != images.shape[0]))
            throw new ArgumentException("Labels must be an int64 tensor [N] matching the images.", nameof(labels));
        Images = images;
        Labels = labels;
        Classes = classes;
    }

    public Tensor Images { get; }

    public Tensor? Labels { get; }

    public IReadOnlyList<string> Classes { get; }

    public long Count => Images.shape[0];

    public ImageShape Shape => new((int)Images.shape[1], (int)Images.shape[2], (int)Images.shape[3]);

    /// <summary>Float images in [0, 1] for the given indices, on the given device.</summary>
    public Tensor Batch(Tensor indices, Device device)
    {
        using var scope = NewDisposeScope();
        var batch = Images.index_select(0, indices).to(device).to_type(ScalarType.Float32).div_(255f);
        return batch.MoveToOuterDisposeScope();
    }

    /// <summary>Splits off a held-out share with a seeded permutation, so a run sees the same split every time.</summary>
    public (DatasetTensors Train, DatasetTensors Validation) Split(double validationFraction, long seed)
    {
        var (trainIndex, validationIndex) = SplitIndices(Count, validationFraction, seed);
        using (trainIndex)
        using (validationIndex)
            return (Subset(trainIndex), Subset(validationIndex));
    }

    /// <summary>The dataset positions of <see cref="Split"/>'s two parts, in their order there: whoever
    /// re-creates a run's split (an evaluation, say) can tell which stored image a training image is.</summary>
    /// <returns>int64 [train] and [validation] indices.</returns>
    public static (Tensor Train, Tensor Validation) SplitIndices(long count, double validationFraction, long seed)
    {
        var validationCount = Math.Clamp((long)Math.Round(count * validationFraction), 1, count - 1);
        using var generator = new torch.Generator((ulong)seed);
        using var order = randperm(count, generator: generator);
        return (order.narrow(0, validationCount, count - validationCount).clone(), order.narrow(0, 0, validationCount).clone());
    }

    /// <summary>The images (and labels) at <paramref name="indices"/>, copied, in that order.</summary>
    public DatasetTensors Select(Tensor indices) => Subset(indices);

    /// <summary>
    /// The same images resized to <paramref name="size"/> x <paramref name="size"/> (bilinear, antialiased
    /// when shrinking), labels kept: for families that only work at some sizes, e.g. a GAN at powers of two.
    /// </summary>
    /// <remarks>Done once per run, in chunks, so a large dataset never needs a float copy of itself.</remarks>
    public DatasetTensors ResizedTo(int size)
    {
        using var scope = NewDisposeScope();
        return new DatasetTensors(Resize(Images, size).MoveToOuterDisposeScope(), Labels?.clone().MoveToOuterDisposeScope(), Classes);
    }

    /// <summary>uint8 images [N, C, H, W] resized to <paramref name="size"/> x <paramref name="size"/> as <see cref="ResizedTo"/> does.</summary>
    /// <returns>uint8 [N, C, size, size], a new tensor.</returns>
    public static Tensor Resize(Tensor images, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        using var scope = NewDisposeScope();
        var count = images.shape[0];
        var chunks = new List<Tensor>();
        for (long start = 0; start < count; start += ResizeChunk)
        {
            var chunk = images.narrow(0, start, Math.Min(ResizeChunk, count - start)).to_type(ScalarType.Float32);
            var resized = nn.functional.interpolate(chunk, size: [size, size], mode: InterpolationMode.Bilinear, align_corners: false, antialias: true);
            chunks.Add(resized.round_().clamp_(0, 255).to_type(ScalarType.Byte));
        }
        var result = count == 0 ? zeros([0, images.shape[1], size, size], ScalarType.Byte) : cat(chunks, 0);
        return result.MoveToOuterDisposeScope();
    }

    private DatasetTensors Subset(Tensor indices) =>
        new(Images.index_select(0, indices), Labels?.index_select(0, indices), Classes);

    public void Dispose()
    {
        Images.Dispose();
        Labels?.Dispose();
    }
}
