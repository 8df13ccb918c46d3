using System.Text;

namespace GenService.ML.Evaluation;

/// <summary>A stored <see cref="SegmentationNetwork"/>: its architecture header, then its weights and batch-normalisation statistics.</summary>
public static class SegmentationNetworkFile
{
    public const string Magic = "GenService.SegmentationNetwork";

    public static void Write(SegmentationNetwork network, Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        network.Architecture.Write(writer, Magic);
        network.save(writer);
    }

    /// <exception cref="InvalidDataException">The stream is not a stored segmentation network.</exception>
    public static SegmentationNetwork Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var network = new SegmentationNetwork(SegmentationNetworkArchitecture.Read(reader, Magic));
        try
        {
            network.load(reader);
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }
}
