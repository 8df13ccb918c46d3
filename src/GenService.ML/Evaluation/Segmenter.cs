using GenService.ML.Families;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>A trained <see cref="SegmentationNetwork"/> loaded for inference: images in, label maps out.</summary>
public sealed class Segmenter : IDisposable
{
    /// <summary>Images per forward pass, always (the last padded), so that an image's map is the same alone and
    /// in any batch (<see cref="FixedShapeBatches"/>).</summary>
    public const int BatchSize = 32;

    private readonly SegmentationNetwork network;

    /// <param name="network">Taken over: the segmenter disposes it.</param>
    public Segmenter(SegmentationNetwork network, Device device)
    {
        this.network = network;
        Device = device;
        network.to(device);
        network.eval();
    }

    public Device Device { get; }

    /// <summary>The shape of the images the network was trained on.</summary>
    public ImageShape InputShape => network.Architecture.Shape;

    public int ClassCount => network.Architecture.Classes;

    /// <summary>Loads a network that <see cref="SegmentationNetworkTrainer.Export"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The stream is not a stored segmentation network.</exception>
    public static Segmenter Load(Stream stream, Device device) => new(SegmentationNetworkFile.Read(stream), device);

    /// <inheritdoc cref="Load(Stream, Device)"/>
    public static Segmenter Load(string path, Device device)
    {
        using var stream = File.OpenRead(path);
        return Load(stream, device);
    }

    /// <param name="images">uint8 [N, C, H, W] of <see cref="InputShape"/>: dataset images, or generated ones
    /// quantised as a PNG would store them (<see cref="SampleImages"/>).</param>
    /// <returns>int64 [N, H, W] class indices on the CPU, each pixel's most likely class.</returns>
    public Tensor Segment(Tensor images)
    {
        var expected = InputShape.AsBatch(images.shape[0]);
        if (images.dtype != ScalarType.Byte || !images.shape.SequenceEqual(expected))
            throw new ArgumentException($"Expected uint8 images [{string.Join(", ", expected)}], got {images.dtype} [{string.Join(", ", images.shape)}].", nameof(images));

        if (images.shape[0] == 0)
            return zeros([0, InputShape.Height, InputShape.Width], ScalarType.Int64);
        using var noGrad = no_grad();
        return FixedShapeBatches.Map(images, BatchSize, batch => network.forward(batch.to(Device).to_type(ScalarType.Float32).div_(255f)).argmax(1).cpu());
    }

    public void Dispose() => network.Dispose();
}
