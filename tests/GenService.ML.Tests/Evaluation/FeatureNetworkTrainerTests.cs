using GenService.ML.Evaluation;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Evaluation;

public class FeatureNetworkTrainerTests
{
    private static readonly FeatureNetworkSettings Tiny = new(BaseChannels: 4, Steps: 60, BatchSize: 32, LearningRate: 1e-2);

    public FeatureNetworkTrainerTests() => _ = TestTorch.Runtime;

    [Fact]
    public void LearnsLabelsWellAboveChance()
    {
        using var train = SyntheticImages.Quadrants(256, seed: 1);
        using var heldOut = SyntheticImages.Quadrants(64, seed: 2);
        using var trainer = new FeatureNetworkTrainer(Tiny, train, CPU, seed: 3);

        var untrained = trainer.Accuracy(heldOut);
        trainer.Train(CancellationToken.None);
        var trained = trainer.Accuracy(heldOut);

        Assert.Equal(FeatureTask.Classes, trainer.Task);
        Assert.True(trained > 0.8, $"held-out accuracy {trained} after training (chance is 0.25; {untrained} before)");
    }

    [Fact]
    public void LearnsRotationsOfUnlabelledImages()
    {
        using var train = SyntheticImages.Skies(256, seed: 1);
        using var heldOut = SyntheticImages.Skies(64, seed: 2);
        using var trainer = new FeatureNetworkTrainer(Tiny, train, CPU, seed: 3);

        trainer.Train(CancellationToken.None);
        var accuracy = trainer.Accuracy(heldOut);

        Assert.Equal(FeatureTask.Rotation, trainer.Task);
        Assert.True(accuracy > 0.8, $"held-out rotation accuracy {accuracy} (chance is 0.25)");
    }

    [Fact]
    public void TheSameSeedTrainsTheSameNetwork()
    {
        using var train = SyntheticImages.Quadrants(64);

        static byte[] Export(FeatureNetworkTrainer trainer)
        {
            trainer.Train(CancellationToken.None);
            using var stream = new MemoryStream();
            trainer.Export(stream);
            return stream.ToArray();
        }

        using var first = new FeatureNetworkTrainer(Tiny with { Steps = 5 }, train, CPU, seed: 9);
        using var second = new FeatureNetworkTrainer(Tiny with { Steps = 5 }, train, CPU, seed: 9);
        Assert.Equal(Export(first), Export(second));
    }

    [Fact]
    public void TheExportedNetworkExtractsTheSameFeaturesInAnyBatch()
    {
        using var train = SyntheticImages.Quadrants(64);
        using var trainer = new FeatureNetworkTrainer(Tiny with { Steps = 5 }, train, CPU, seed: 9);
        trainer.Train(CancellationToken.None);
        var path = Path.GetTempFileName();
        try
        {
            using (var stream = File.Create(path))
                trainer.Export(stream);
            using var extractor = FeatureExtractor.Load(path, CPU);
            using var scope = NewDisposeScope();

            var all = extractor.Extract(train.Images);
            var one = extractor.Extract(train.Images.narrow(0, 5, 1));

            Assert.Equal(new long[] { 64, trainer.Architecture.FeatureDimension }, all.shape);
            Assert.Equal(all[5].data<float>().ToArray(), one[0].data<float>().ToArray());
            Assert.Throws<ArgumentException>(() => extractor.Extract(rand(1, 1, 16, 16)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void StopsWhenCancelled()
    {
        using var train = SyntheticImages.Quadrants(32);
        using var trainer = new FeatureNetworkTrainer(Tiny, train, CPU, seed: 1);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => trainer.Train(cancelled.Token));
    }
}
