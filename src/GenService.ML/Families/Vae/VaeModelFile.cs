using System.Text;
using static TorchSharp.torch;

namespace GenService.ML.Families.Vae;

/// <summary>
/// An exported VAE: the architecture header, the weights, then the sampling prior (format 3 on). A file of
/// format 2 ends after the weights; its model samples from N(0, I) as it always did.
/// </summary>
public static class VaeModelFile
{
    public static void Write(Stream stream, VaeNetwork network, GaussianMixture? prior)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        network.Architecture.Write(writer, VaeTrainer.ModelMagic);
        network.save(writer);
        writer.Write((int)(prior is null ? LatentPrior.StandardNormal : LatentPrior.Mixture));
        prior?.Write(writer);
    }

    /// <returns>The network on the CPU and its prior mixture, or null for N(0, I); both the caller's to dispose.</returns>
    /// <exception cref="InvalidDataException">The stream holds something else, or a newer format.</exception>
    public static (VaeNetwork Network, GaussianMixture? Prior) Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var network = new VaeNetwork(VaeArchitecture.Read(reader, VaeTrainer.ModelMagic));
        try
        {
            network.load(reader);
            return (network, ReadPrior(reader, network.Architecture.LatentDim));
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private static GaussianMixture? ReadPrior(BinaryReader reader, int latentDim)
    {
        if (reader.BaseStream.Position == reader.BaseStream.Length)
            return null;
        return (LatentPrior)reader.ReadInt32() switch
        {
            LatentPrior.StandardNormal => null,
            LatentPrior.Mixture => GaussianMixture.Read(reader, latentDim),
            var other => throw new InvalidDataException($"Unknown VAE prior {(int)other}."),
        };
    }
}
