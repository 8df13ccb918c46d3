using GenService.ML.Datasets;
using GenService.ML.Evaluation;
using static TorchSharp.torch;

namespace GenService.Benchmarks;

/// <summary>A feature network trained for one benchmark run (not the cached shared one, <see cref="SharedFeatureNetwork"/>).</summary>
public static class TrainedFeatureExtractor
{
    /// <summary>Trains a feature network on <paramref name="train"/>'s labels with the service's settings but the steps,
    /// and reads it back as an extractor.</summary>
    /// <param name="accuracy">Its label accuracy on <paramref name="heldOut"/>.</param>
    public static FeatureExtractor Train(DatasetTensors train, DatasetTensors heldOut, int steps, long seed, Device device, out double accuracy)
    {
        var path = Path.Combine(Path.GetTempPath(), $"genservice-features-bench-{Guid.NewGuid():N}.bin");
        try
        {
            using (var trainer = new FeatureNetworkTrainer(new FeatureNetworkSettings(Steps: steps), train, device, seed))
            {
                trainer.Train(CancellationToken.None);
                accuracy = trainer.Accuracy(heldOut);
                using var file = File.Create(path);
                trainer.Export(file);
            }
            return FeatureExtractor.Load(path, device);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
