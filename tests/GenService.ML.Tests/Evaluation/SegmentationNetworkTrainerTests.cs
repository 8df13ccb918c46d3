using GenService.ML.Evaluation;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Evaluation;

public class SegmentationNetworkTrainerTests
{
    private static readonly SegmentationNetworkSettings Tiny = new(BaseChannels: 4, Levels: 2, Steps: 40, BatchSize: 16, LearningRate: 1e-2);

    public SegmentationNetworkTrainerTests() => _ = TestTorch.Runtime;

    [Fact]
    public void AFewStepsOnLandscapesReduceTheLoss()
    {
        using var train = SyntheticLabelMaps.Landscapes(24, size: 32);
        // A batch of the whole set: every step sees the same images, so the losses compare.
        using var trainer = new SegmentationNetworkTrainer(Tiny with { BatchSize = 24 }, train, CPU, seed: 5);

        var first = trainer.Step(0);
        for (var step = 1; step < 10; step++)
            trainer.Step(step);
        var last = trainer.Step(10);

        Assert.Equal(7, trainer.Architecture.Classes);
        Assert.True(last < 0.8 * first, $"loss {first} at the first step, {last} after ten");
    }

    [Fact]
    public void RecoversTheMapsOfHeldOutImages()
    {
        using var train = SyntheticLabelMaps.Stripes(64, seed: 1);
        using var heldOut = SyntheticLabelMaps.Stripes(32, seed: 2);
        using var trainer = new SegmentationNetworkTrainer(Tiny, train, CPU, seed: 3);
        trainer.Train(CancellationToken.None);
        using var stream = new MemoryStream();
        trainer.Export(stream);
        stream.Position = 0;
        using var segmenter = Segmenter.Load(stream, CPU);

        var real = LabelMapFidelity.ScoreRealImages(segmenter, heldOut);
        using var wrongImages = heldOut.Images.roll(1, 1);   // red painted green, green blue, blue red
        var wrong = LabelMapFidelity.Score(segmenter, wrongImages, heldOut.Maps, heldOut.DontCareIndex);

        Assert.Equal(32L * 16 * 16, real.Pixels);
        Assert.True(real.PixelAccuracy > 0.9, $"pixel accuracy {real.PixelAccuracy}");
        Assert.True(real.MeanIntersectionOverUnion > 0.8, $"mean IoU {real.MeanIntersectionOverUnion}");
        Assert.True(wrong.MeanIntersectionOverUnion < 0.3, $"mean IoU {wrong.MeanIntersectionOverUnion} on images of the wrong colours");
    }

    [Fact]
    public void DontCarePixelsAreLeftOutOfTheLossAndTheScores()
    {
        using var train = SyntheticLabelMaps.Stripes(32, dontCareIndex: 255);
        using var trainer = new SegmentationNetworkTrainer(Tiny with { Steps = 5 }, train, CPU, seed: 1);
        var loss = trainer.Train(CancellationToken.None);
        using var stream = new MemoryStream();
        trainer.Export(stream);
        stream.Position = 0;
        using var segmenter = Segmenter.Load(stream, CPU);

        var score = LabelMapFidelity.ScoreRealImages(segmenter, train);

        Assert.Equal(3, trainer.Architecture.Classes);
        Assert.True(double.IsFinite(loss));
        Assert.Equal(32L * 15 * 16, score.Pixels);
        // Maps of another count are refused, and so is a 255 that is not declared "don't care".
        Assert.Throws<ArgumentException>(() => LabelMapFidelity.Score(segmenter, train.Images, train.Maps.narrow(0, 0, 4), train.DontCareIndex));
        Assert.Throws<ArgumentException>(() => LabelMapFidelity.Score(segmenter, train.Images, train.Maps, dontCareIndex: null));
    }

    [Fact]
    public void TheSameSeedTrainsTheSameNetwork()
    {
        using var train = SyntheticLabelMaps.Stripes(32);

        static byte[] Export(SegmentationNetworkTrainer trainer)
        {
            trainer.Train(CancellationToken.None);
            using var stream = new MemoryStream();
            trainer.Export(stream);
            return stream.ToArray();
        }

        using var first = new SegmentationNetworkTrainer(Tiny with { Steps = 5 }, train, CPU, seed: 9);
        using var second = new SegmentationNetworkTrainer(Tiny with { Steps = 5 }, train, CPU, seed: 9);
        using var other = new SegmentationNetworkTrainer(Tiny with { Steps = 5 }, train, CPU, seed: 10);
        var bytes = Export(first);
        Assert.Equal(bytes, Export(second));
        Assert.NotEqual(bytes, Export(other));
    }

    [Fact]
    public void SegmentsAnImageTheSameAloneAndInABatch()
    {
        using var train = SyntheticLabelMaps.Stripes(40);
        using var trainer = new SegmentationNetworkTrainer(Tiny with { Steps = 3 }, train, CPU, seed: 2);
        trainer.Train(CancellationToken.None);
        using var stream = new MemoryStream();
        trainer.Export(stream);
        stream.Position = 0;
        using var segmenter = Segmenter.Load(stream, CPU);
        using var scope = NewDisposeScope();

        var all = segmenter.Segment(train.Images);
        var one = segmenter.Segment(train.Images.narrow(0, 35, 1));

        Assert.Equal(new long[] { 40, 16, 16 }, all.shape);
        Assert.Equal(all[35].data<long>().ToArray(), one[0].data<long>().ToArray());
        Assert.Throws<ArgumentException>(() => segmenter.Segment(zeros([1, 3, 32, 32], ScalarType.Byte)));
    }

    [Fact]
    public void RefusesImagesTheNetworkCannotHalveAndStopsWhenCancelled()
    {
        using var odd = SyntheticLabelMaps.Stripes(4, size: 12);
        Assert.Throws<ArgumentException>(() => new SegmentationNetworkTrainer(Tiny with { Levels = 3 }, odd, CPU, seed: 1));

        using var train = SyntheticLabelMaps.Stripes(8);
        using var trainer = new SegmentationNetworkTrainer(Tiny, train, CPU, seed: 1);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => trainer.Train(cancelled.Token));
    }
}
