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
        var validationCount = Math.Clamp((long)Math.Round(Count * validationFraction), 1, Count - 1);
        using var generator = new torch.Generator((ulong)seed);
        using var order = randperm(Count, generator: generator);
        using var validationIndex = order.narrow(0, 0, validationCount);
        using var trainIndex = order.narrow(0, validationCount, Count - validationCount);
        return (Subset(trainIndex), Subset(validationIndex));
    }

    private DatasetTensors Subset(Tensor indices) =>
        new(Images.index_select(0, indices), Labels?.index_select(0, indices), Classes);

    public void Dispose()
    {
        Images.Dispose();
        Labels?.Dispose();
    }
}
