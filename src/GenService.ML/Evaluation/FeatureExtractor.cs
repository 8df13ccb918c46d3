using System.Text;
using GenService.ML.Families;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>A trained <see cref="FeatureNetwork"/> loaded for inference: images in, feature vectors out.</summary>
public sealed class FeatureExtractor : IDisposable
{
    /// <summary>Images per forward pass, always (the last padded), so that an image's features are the same
    /// bits alone and in any batch (<see cref="FixedShapeBatches"/>): enough to keep the cores busy, small
    /// enough that a single image's features stay cheap.</summary>
    public const int BatchSize = 64;

    private readonly FeatureNetwork network;

    /// <param name="network">Taken over: the extractor disposes it.</param>
    public FeatureExtractor(FeatureNetwork network, Device device)
    {
        this.network = network;
        Device = device;
        network.to(device);
        network.eval();
    }

    public Device Device { get; }

    /// <summary>The shape of the images the network was trained on.</summary>
    public ImageShape InputShape => network.Architecture.Shape;

    public int Dimension => network.Architecture.FeatureDimension;

    /// <summary>Loads a network exported by <see cref="FeatureNetworkTrainer.Export"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not an exported feature network.</exception>
    public static FeatureExtractor Load(string path, Device device)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var network = new FeatureNetwork(FeatureNetworkArchitecture.Read(reader, FeatureNetworkTrainer.ModelMagic));
        try
        {
            network.load(reader);
            return new FeatureExtractor(network, device);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <param name="images">uint8 [N, C, H, W] of <see cref="InputShape"/>: stored dataset images, or
    /// generated ones quantised as a PNG would store them (<see cref="SampleImages"/>).</param>
    /// <returns>[N, D] float32 on the CPU.</returns>
    public Tensor Extract(Tensor images)
    {
        var expected = InputShape.AsBatch(images.shape[0]);
        if (images.dtype != ScalarType.Byte || !images.shape.SequenceEqual(expected))
            throw new ArgumentException($"Expected uint8 images [{string.Join(", ", expected)}], got {images.dtype} [{string.Join(", ", images.shape)}].", nameof(images));

        if (images.shape[0] == 0)
            return zeros(0, Dimension);
        using var noGrad = no_grad();
        return FixedShapeBatches.Map(images, BatchSize, batch => network.Features(batch.to(Device).to_type(ScalarType.Float32).div_(255f)).cpu());
    }

    /// <summary>The class the network's head predicts for each image: the dataset's label when it was trained on the
    /// dataset's classes (<see cref="FeatureTask.Classes"/>), a quarter turn otherwise.</summary>
    /// <param name="images">uint8 [N, C, H, W] of <see cref="InputShape"/>, as for <see cref="Extract"/>.</param>
    /// <returns>int64 [N] on the CPU.</returns>
    public Tensor Classify(Tensor images)
    {
        using var scope = NewDisposeScope();
        var features = Extract(images);
        using var noGrad = no_grad();
        return network.Classify(features.to(Device)).argmax(1).cpu().MoveToOuterDisposeScope();
    }

    public void Dispose() => network.Dispose();
}
