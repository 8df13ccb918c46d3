using GenService.ML.Evaluation;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Evaluation;

public class PrecisionRecallTests
{
    private readonly PrecisionRecall metric = new(k: 3, chunkSize: 64);

    public PrecisionRecallTests() => _ = TestTorch.Runtime;

    [Fact]
    public void IdenticalSetsHaveFullPrecisionAndRecall()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(21);
        var features = randn(150, 4, generator: generator);

        Assert.Equal(new PrecisionRecallResult(1, 1), metric.Compute(features, features.clone()));
    }

    [Fact]
    public void FarApartSetsHaveNeitherPrecisionNorRecall()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(22);
        var real = randn(150, 4, generator: generator);
        var generated = randn(150, 4, generator: generator) + 100;

        Assert.Equal(new PrecisionRecallResult(0, 0), metric.Compute(real, generated));
    }

    [Fact]
    public void CoveringHalfTheModesKeepsPrecisionAndHalvesRecall()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(23);
        // Four tight clusters far apart; the "model" samples only the first two.
        var centres = tensor(new double[,] { { 0, 0 }, { 50, 0 }, { 0, 50 }, { 50, 50 } });
        var real = Clusters(centres, perCluster: 100, generator);
        var generated = Clusters(centres.narrow(0, 0, 2), perCluster: 200, generator);

        var result = metric.Compute(real, generated);

        Assert.InRange(result.Precision, 0.9, 1.0);
        Assert.InRange(result.Recall, 0.4, 0.5);
    }

    private static Tensor Clusters(Tensor centres, int perCluster, Generator generator) =>
        (centres.repeat_interleave(perCluster, dim: 0) + randn(centres.shape[0] * perCluster, 2, dtype: ScalarType.Float64, generator: generator));
}
