using System.Text;
using GenService.ML.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.SuperResolution;

/// <summary>
/// Trains the feature network behind <see cref="FeatureContentLoss"/> at the start of an SRGAN run: a
/// <see cref="FeatureNetworkTrainer"/> on random training crops, which predicts the images' classes when they
/// have labels and otherwise which quarter turn a crop was given (Gidaris et al. 2018). The same seed trains
/// the same network, so a resumed run rebuilds it exactly instead of storing it in every checkpoint.
/// </summary>
public static class ContentFeatureNetwork
{
    /// <summary>Crops it trains on: enough variety for a small classifier, 28 MB of bytes at 96x96 RGB.</summary>
    public const int CropCount = 1024;

    /// <summary>Smaller than the evaluation networks' 128: a few hundred steps stay a small share of the run.</summary>
    public const int BatchSize = 32;

    public static FeatureNetwork Train(SuperResolutionCrops crops, int steps, Device device, long seed)
    {
        using var random = new Generator(unchecked((ulong)seed));
        using var images = crops.TrainingCropsAsDataset(CropCount, random);
        using var trainer = new FeatureNetworkTrainer(new FeatureNetworkSettings(Steps: steps, BatchSize: BatchSize), images, device, seed);
        trainer.Train(CancellationToken.None);

        // The trainer hands its network out only as an export; read it back as FeatureExtractor.Load does.
        using var stream = new MemoryStream();
        trainer.Export(stream);
        stream.Position = 0;
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var network = new FeatureNetwork(FeatureNetworkArchitecture.Read(reader, FeatureNetworkTrainer.ModelMagic));
        try
        {
            network.load(reader);
            network.to(device);
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }
}
