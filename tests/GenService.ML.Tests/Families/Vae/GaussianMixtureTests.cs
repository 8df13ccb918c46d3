using GenService.ML.Families;
using GenService.ML.Families.Vae;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.Vae;

public class GaussianMixtureTests
{
    public GaussianMixtureTests() => _ = TestTorch.Runtime;

    [Fact]
    public void FitFindsTwoWellSeparatedClustersWithTheirWeightsMeansAndSpreads()
    {
        using var scope = NewDisposeScope();
        var points = TwoClusters();

        using var mixture = new GaussianMixtureFit(Components: 2).Fit(points, seed: 3);

        var order = mixture.Means[TensorIndex.Colon, 0].argsort();   // the cluster at x = −5 first
        var weights = mixture.Weights[order].data<double>().ToArray();
        var means = mixture.Means[order];
        var covariances = mixture.CholeskyFactors[order].matmul(mixture.CholeskyFactors[order].transpose(1, 2));
        Assert.Equal(2.0 / 3, weights[0], 6);
        Assert.Equal(1.0 / 3, weights[1], 6);
        Assert.True(TensorComparison.Close(means, tensor(new[,] { { -5.0, 0.0 }, { 5.0, 3.0 } }), tolerance: 0.2));
        Assert.InRange(covariances[0, 0, 0].item<double>(), 0.2, 0.3);
        Assert.InRange(covariances[1, 1, 1].item<double>(), 0.75, 1.25);
        Assert.True(covariances[0, 0, 1].abs().item<double>() < 0.1);
    }

    [Fact]
    public void TheSamePointsAndSeedGiveTheSameMixture()
    {
        using var scope = NewDisposeScope();
        var points = TwoClusters();

        using var a = new GaussianMixtureFit(Components: 3).Fit(points, seed: 9);
        using var b = new GaussianMixtureFit(Components: 3).Fit(points, seed: 9);

        Assert.True(TensorComparison.Identical(a.Weights, b.Weights));
        Assert.True(TensorComparison.Identical(a.Means, b.Means));
        Assert.True(TensorComparison.Identical(a.CholeskyFactors, b.CholeskyFactors));
    }

    [Fact]
    public void LogDensityOfOneComponentIsTheGaussians()
    {
        using var scope = NewDisposeScope();
        // N((1, 2), diag(4, 1)) at (3, 2): −½ (ln 2π·2 + ln 4 + 1).
        using var mixture = new GaussianMixture(ones(1, dtype: ScalarType.Float64), tensor(new[,] { { 1.0, 2.0 } }),
            tensor(new[,] { { 2.0, 0.0 }, { 0.0, 1.0 } }).unsqueeze(0));

        var logDensity = mixture.LogDensity(tensor(new[,] { { 3.0, 2.0 } }));

        Assert.Equal(-0.5 * (2 * Math.Log(2 * Math.PI) + Math.Log(4) + 1), logDensity.item<double>(), 10);
    }

    [Fact]
    public void SamplesAreTheSameBytesForASeedInAnyBatchAndLandInTheClusters()
    {
        using var scope = NewDisposeScope();
        using var mixture = new GaussianMixtureFit(Components: 2).Fit(TwoClusters(), seed: 3);

        var alone = mixture.Sample([5]);
        var inBatch = mixture.Sample([1, 5, 9]);
        var many = mixture.Sample([.. Enumerable.Range(0, 300).Select(i => (long)i)]);

        Assert.Equal([1L, 2], alone.shape);
        Assert.Equal(ScalarType.Float32, alone.dtype);
        Assert.True(TensorComparison.Identical(alone[0], inBatch[1]));
        Assert.True(TensorComparison.Identical(alone, mixture.Sample([5])));
        Assert.False(TensorComparison.Identical(inBatch[0], inBatch[1]));
        var left = many[TensorIndex.Colon, 0].lt(0).to(ScalarType.Float32).mean().item<float>();
        Assert.InRange(left, 0.55, 0.78);
        Assert.Equal([0L, 2], mixture.Sample([]).shape);
    }

    [Fact]
    public void WrittenMixtureReadsBackTheSame()
    {
        using var scope = NewDisposeScope();
        using var mixture = new GaussianMixtureFit(Components: 2).Fit(TwoClusters(), seed: 3);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            mixture.Write(writer);
        stream.Position = 0;
        using var reader = new BinaryReader(stream);

        using var read = GaussianMixture.Read(reader, dimension: 2);

        Assert.True(TensorComparison.Identical(mixture.Sample([1, 2, 3]), read.Sample([1, 2, 3])));
        stream.Position = 0;
        Assert.Throws<InvalidDataException>(() => GaussianMixture.Read(reader, dimension: 3));
    }

    /// <summary>200 points around (−5, 0) with σ = 0.5 and 100 around (5, 3) with σ = 1.</summary>
    private static Tensor TwoClusters()
    {
        using var generator = new Generator(1);
        var left = randn([200, 2], ScalarType.Float64, generator: generator) * 0.5 + tensor(new[] { -5.0, 0.0 });
        var right = randn([100, 2], ScalarType.Float64, generator: generator) + tensor(new[] { 5.0, 3.0 });
        return cat([left, right], 0);
    }
}
