using GenService.ML.Evaluation;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Evaluation;

public class NearestNeighboursTests
{
    public NearestNeighboursTests() => _ = TestTorch.Runtime;

    [Fact]
    public void SquaredDistancesMatchAHandComputedCase()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[,] { { 0, 0 }, { 1, 2 } });
        var b = tensor(new float[,] { { 3, 4 }, { 1, 2 }, { 0, 1 } });

        var distances = NearestNeighbours.SquaredDistances(a, b);

        Assert.Equal(ScalarType.Float64, distances.dtype);
        Assert.Equal(new double[] { 25, 5, 1, 8, 0, 2 }, distances.data<double>().ToArray());
    }

    [Fact]
    public void ChunkedSearchFindsTheSameNeighboursAsOneBlock()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        var queries = randn(37, 5, generator: generator);
        var references = randn(53, 5, generator: generator);

        var (whole, wholeIndices) = NearestNeighbours.Nearest(queries, references, k: 4, chunkSize: 1000);
        var (chunked, chunkedIndices) = NearestNeighbours.Nearest(queries, references, k: 4, chunkSize: 6);

        var expected = NearestNeighbours.SquaredDistances(queries, references).topk(4, dim: 1, largest: false).values;
        Assert.True(chunked.allclose(expected));
        Assert.True(whole.allclose(expected));
        Assert.Equal(wholeIndices.data<long>().ToArray(), chunkedIndices.data<long>().ToArray());
    }

    [Fact]
    public void KthNeighbourRadiusSkipsTheSampleItself()
    {
        using var scope = NewDisposeScope();
        // Points on a line at 0, 1, 3, 7: nearest others are 1, 1, 2, 4 away; second nearest 3, 2, 3, 6.
        var points = tensor(new double[] { 0, 1, 3, 7 }).unsqueeze(1);

        Assert.Equal(new double[] { 1, 1, 4, 16 }, NearestNeighbours.KthNeighbourSquaredRadii(points, k: 1, chunkSize: 3).data<double>().ToArray());
        Assert.Equal(new double[] { 9, 4, 9, 36 }, NearestNeighbours.KthNeighbourSquaredRadii(points, k: 2, chunkSize: 3).data<double>().ToArray());
    }

    [Fact]
    public void WithinAnyRadiusCountsTheBoundaryAsInside()
    {
        using var scope = NewDisposeScope();
        var references = tensor(new double[] { 0, 10 }).unsqueeze(1);
        var squaredRadii = tensor(new double[] { 4, 1 });
        var queries = tensor(new double[] { 2, 2.5, 9, 11.5, -1 }).unsqueeze(1);

        var inside = NearestNeighbours.WithinAnyRadius(queries, references, squaredRadii, chunkSize: 2);

        Assert.Equal(new[] { true, false, true, false, true }, inside.data<bool>().ToArray());
    }
}
