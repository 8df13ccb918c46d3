using System.Text;
using GenService.ML.Families;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>A trained <see cref="FeatureNetwork"/> loaded for inference: images in, feature vectors out.</summary>
public sealed class FeatureExtractor : IDisposable
{
    /// <summary>Images per forward pass: enough to keep the cores busy, small enough for any device.</summary>
    public const int BatchSize = 256;

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

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var blocks = new List<Tensor>();
        for (long start = 0; start < images.shape[0]; start += BatchSize)
        {
            var batch = images.narrow(0, start, Math.Min(BatchSize, images.shape[0] - start)).to(Device).to_type(ScalarType.Float32).div_(255f);
            blocks.Add(network.Features(batch).cpu());
        }
        var features = blocks.Count == 0 ? zeros(0, Dimension) : cat(blocks, 0);
        return features.MoveToOuterDisposeScope();
    }

    public void Dispose() => network.Dispose();
}
