using GenService.ML.Datasets;
using GenService.ML.Evaluation;
using GenService.ML.Families;
using GenService.ML.Families.Vae;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Evaluation;

public sealed class ModelEvaluatorTests : IDisposable
{
    private static readonly ModelEvaluationSettings Small = new(SampleCount: 48, KidSubsets: 10, KidSubsetSize: 24);

    private readonly DatasetTensors train;
    private readonly DatasetTensors heldOut;
    private readonly FeatureExtractor extractor;
    private readonly EvaluationData data;
    private readonly VaeFamily family = new();
    private readonly Hyperparameters vaeHyperparameters;

    public ModelEvaluatorTests()
    {
        _ = TestTorch.Runtime;
        using var all = SyntheticImages.Quadrants(320);
        (train, heldOut) = all.Split(0.2, seed: 5);
        using (var trainer = new FeatureNetworkTrainer(new FeatureNetworkSettings(BaseChannels: 4, Steps: 60, BatchSize: 32, LearningRate: 1e-2), train, CPU, seed: 1))
        {
            trainer.Train(CancellationToken.None);
            using var stream = new MemoryStream();
            trainer.Export(stream);
            var path = Path.GetTempFileName();
            File.WriteAllBytes(path, stream.ToArray());
            extractor = FeatureExtractor.Load(path, CPU);
            File.Delete(path);
        }
        data = new EvaluationData(train, heldOut, extractor.Extract(train.Images), extractor.Extract(heldOut.Images));
        vaeHyperparameters = Hyperparameters.FromStored(VaeHyperparameters.Specs, new Dictionary<string, double>
        {
            [VaeHyperparameters.LatentDimName] = 4,
            [VaeHyperparameters.BaseChannelsName] = 4,
            [VaeHyperparameters.BatchSizeName] = 16,
        });
    }

    [Fact]
    public void CopiesOfTrainingImagesSitBetweenTheFloorAndTheCeilingAndAreFlagged()
    {
        using var untrained = family.CreateTrainer(new TrainingSetup(vaeHyperparameters, train, heldOut, CPU, Seed: 3));
        using var copier = new CopyingModel(train);

        var evaluation = new ModelEvaluator(extractor, Small).Evaluate(copier, untrained, data, CancellationToken.None);

        Assert.Equal(48, evaluation.SampleCount);
        Assert.True(evaluation.Floor.FrechetDistance < evaluation.Ceiling.FrechetDistance,
            $"floor {evaluation.Floor.FrechetDistance} should be below the untrained model's {evaluation.Ceiling.FrechetDistance}");
        Assert.True(evaluation.Model.FrechetDistance < evaluation.Ceiling.FrechetDistance);
        Assert.True(evaluation.Floor.Precision > evaluation.Ceiling.Precision);
        // Real training images are at distance 0 from the training set: every one is "closer than typical".
        Assert.Equal(1.0, evaluation.Model.PixelShareCloser);
        Assert.Equal(1.0, evaluation.Model.FeatureShareCloser);
        // Held-out images are closer than their own median in a bit under half the cases, by construction.
        Assert.InRange(evaluation.Floor.PixelShareCloser, 0.3, 0.5);
        Assert.True(evaluation.Ceiling.PixelShareCloser < 0.5);
        Assert.True(evaluation.PixelThreshold > 0 && evaluation.FeatureThreshold > 0);
        Assert.Null(evaluation.Reconstruction);
    }

    [Fact]
    public void ATrainedVaeIsScoredWithItsReconstructions()
    {
        using var trainer = family.CreateTrainer(new TrainingSetup(vaeHyperparameters, train, heldOut, CPU, Seed: 3));
        using var untrained = family.CreateTrainer(new TrainingSetup(vaeHyperparameters, train, heldOut, CPU, Seed: 3));
        for (var step = 0; step < 20; step++)
        {
            using var scope = NewDisposeScope();
            trainer.Step(step);
        }
        var path = Path.GetTempFileName();
        try
        {
            using (var stream = File.Create(path))
                trainer.ExportModel(stream);
            using var model = family.LoadModel(path, CPU);

            var evaluation = new ModelEvaluator(extractor, Small).Evaluate(model, untrained, data, CancellationToken.None);

            Assert.NotNull(evaluation.Reconstruction);
            Assert.InRange(evaluation.Reconstruction.Ssim!.Value, -1, 1);
            Assert.True(evaluation.Reconstruction.Psnr > 0);
            Assert.All(new[] { evaluation.Model, evaluation.Floor, evaluation.Ceiling }, scores =>
            {
                Assert.True(double.IsFinite(scores.FrechetDistance) && scores.FrechetDistance >= 0);
                Assert.True(double.IsFinite(scores.Kid) && scores.KidStandardError > 0 && scores.FrechetDistanceStandardError > 0);
                Assert.InRange(scores.Precision, 0, 1);
                Assert.InRange(scores.Recall, 0, 1);
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AModelAtAnotherSizeThatDrawsTheHeldOutImagesScoresExactlyTheFloor()
    {
        // Every held-out image in the sets, so the floor and the model hold the same images.
        var settings = Small with { SampleCount = (int)heldOut.Count };
        using var untrained = family.CreateTrainer(new TrainingSetup(vaeHyperparameters, train, heldOut, CPU, Seed: 3));
        using var upsized = new DatasetTensors(SampleImages.ToShape(heldOut.Images, new ImageShape(1, 24, 24)), null, []);
        using var drawer = new CopyingModel(upsized);

        var evaluation = new ModelEvaluator(extractor, settings).Evaluate(drawer, untrained, data, CancellationToken.None);

        Assert.Equal(evaluation.Floor.FrechetDistance, evaluation.Model.FrechetDistance, 1e-4);
        Assert.Equal(evaluation.Floor.Precision, evaluation.Model.Precision);
        Assert.Equal(evaluation.Floor.Recall, evaluation.Model.Recall);
    }

    [Fact]
    public void AtAnotherSizeTheTypicalDistancesAreTheRoundTrippedHeldOutImages()
    {
        // "Closer than a held-out image" compares with held-out images that took the samples' round trip, as the
        // floor does: every family's floor then sits just under 0.5, by construction of the (lower) median.
        using var untrained = family.CreateTrainer(new TrainingSetup(vaeHyperparameters, train, heldOut, CPU, Seed: 3));
        using var upsized = new DatasetTensors(SampleImages.ToShape(heldOut.Images, new ImageShape(1, 24, 24)), null, []);
        using var drawer = new CopyingModel(upsized);

        var evaluation = new ModelEvaluator(extractor, Small with { SampleCount = (int)heldOut.Count }).Evaluate(drawer, untrained, data, CancellationToken.None);

        Assert.InRange(evaluation.Floor.PixelShareCloser, 0.45, 0.5);
        Assert.InRange(evaluation.Floor.FeatureShareCloser, 0.45, 0.5);
        Assert.Equal(evaluation.Floor.PixelShareCloser, evaluation.Model.PixelShareCloser);
        Assert.Equal(evaluation.Floor.FeatureShareCloser, evaluation.Model.FeatureShareCloser);
    }

    [Fact]
    public void TooFewHeldOutImagesAreRefused()
    {
        using var few = heldOut.Select(arange(3, dtype: ScalarType.Int64));
        var evaluator = new ModelEvaluator(extractor, Small);

        Assert.NotNull(evaluator.Check(data with { HeldOut = few }));
        Assert.Null(evaluator.Check(data));
    }

    public void Dispose()
    {
        extractor.Dispose();
        train.Dispose();
        heldOut.Dispose();
        data.TrainFeatures.Dispose();
        data.HeldOutFeatures.Dispose();
    }

    /// <summary>A "model" that returns training image i for seed i: the worst case of memorisation.</summary>
    private sealed class CopyingModel(DatasetTensors images) : IGenerativeModel, ISampler
    {
        public string Architecture => "copy";

        public ImageShape OutputShape => images.Shape;

        public Device Device => CPU;

        public long ParameterBytes => 0;

        public Tensor Sample(IReadOnlyList<long> seeds) =>
            images.Batch(tensor(seeds.Select(seed => seed % images.Count).ToArray()), CPU);

        public void Dispose()
        {
        }
    }
}
