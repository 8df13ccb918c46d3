using System.Text;
using GenService.ML.Training;
using static TorchSharp.torch;

namespace GenService.ML.Evaluation;

/// <summary>
/// The features of every image of a dataset, stored beside its feature network: extracted once, they make
/// an evaluation or a nearest-neighbour look-up over 60,000 training images a matter of reading 30 MB.
/// Layout: a header (magic, version, rows, dimension), then rows × dimension little-endian float32.
/// </summary>
public static class FeatureFile
{
    private const string Magic = "GenService.Features";
    private const int FormatVersion = 1;

    /// <param name="features">[N, D] float32</param>
    public static void Write(string path, Tensor features)
    {
        if (features.dim() != 2 || features.dtype != ScalarType.Float32)
            throw new ArgumentException("Features must be a float32 [N, D] tensor.", nameof(features));
        using var contiguous = features.cpu().contiguous();
        CheckpointStore.WriteAtomically(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(contiguous.shape[0]);
            writer.Write((int)contiguous.shape[1]);
            writer.Flush();
            stream.Write(contiguous.bytes);
        });
    }

    /// <returns>[N, D] float32 on the CPU.</returns>
    /// <exception cref="InvalidDataException">The file is not a feature file, or is truncated.</exception>
    public static Tensor Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var found = reader.ReadString();
        if (!string.Equals(found, Magic, StringComparison.Ordinal))
            throw new InvalidDataException($"{path} is not a feature file.");
        var version = reader.ReadInt32();
        if (version != FormatVersion)
            throw new InvalidDataException($"{path} has feature file version {version}; this build reads {FormatVersion}.");
        var rows = reader.ReadInt64();
        var dimension = reader.ReadInt32();
        if (rows < 0 || dimension < 1 || stream.Length - stream.Position != rows * dimension * sizeof(float))
            throw new InvalidDataException($"{path} should hold {rows} × {dimension} floats after its header, but its length does not match.");

        var features = empty([rows, dimension], ScalarType.Float32);
        try
        {
            stream.ReadExactly(features.bytes);
            return features;
        }
        catch
        {
            features.Dispose();
            throw;
        }
    }
}
