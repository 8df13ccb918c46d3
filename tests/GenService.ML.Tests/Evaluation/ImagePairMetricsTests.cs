using GenService.ML.Evaluation;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Evaluation;

public class ImagePairMetricsTests
{
    public ImagePairMetricsTests() => _ = TestTorch.Runtime;

    [Fact]
    public void IdenticalPairsAreCountedApartFromThePsnrMean()
    {
        using var scope = NewDisposeScope();
        var targets = full(3, 1, 16, 16, 0.5f);
        var predictions = targets.clone();
        predictions[2].add_(0.1f);   // MSE 0.01: 20 dB

        var scores = ImagePairMetrics.Compute(predictions, targets);

        Assert.Equal(20, scores.Psnr!.Value, precision: 4);
        Assert.Equal(2, scores.IdenticalPairs);
        Assert.Equal(new[] { ImagePairMetrics.PsnrName, ImagePairMetrics.SsimName }, scores.ToMetrics().Keys.Order());
    }

    [Fact]
    public void IdenticalBatchesHaveNoPsnrAndSsimOne()
    {
        using var scope = NewDisposeScope();
        var images = rand(2, 3, 16, 16);

        var scores = ImagePairMetrics.Compute(images, images.clone());

        Assert.Null(scores.Psnr);
        Assert.Equal(1, scores.Ssim!.Value, precision: 9);
        Assert.Equal(2, scores.IdenticalPairs);
    }

    [Fact]
    public void ImagesSmallerThanTheSsimWindowHaveOnlyPsnr()
    {
        using var scope = NewDisposeScope();

        var scores = ImagePairMetrics.Compute(zeros(1, 1, 8, 8), full(1, 1, 8, 8, 0.1f));

        Assert.Equal(20, scores.Psnr!.Value, precision: 5);
        Assert.Null(scores.Ssim);
        Assert.Equal([ImagePairMetrics.PsnrName], scores.ToMetrics().Keys);
    }
}
