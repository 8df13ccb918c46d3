using GenService.ML.Evaluation;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Evaluation;

public class MemorisationTests
{
    public MemorisationTests() => _ = TestTorch.Runtime;

    [Fact]
    public void NearestTrainingVectorsComeNearestFirstWithEuclideanDistances()
    {
        using var scope = NewDisposeScope();
        var train = tensor(new float[,] { { 0, 0 }, { 3, 4 }, { 1, 0 }, { 10, 10 } });

        var neighbours = Memorisation.Nearest(tensor(new float[,] { { 0, 0 } }), train, k: 3);

        Assert.Equal(new long[] { 0, 2, 1 }, neighbours.Select(n => n.Index));
        Assert.Equal(new[] { 0.0, 1.0, 5.0 }, neighbours.Select(n => n.Distance));
    }

    [Fact]
    public void TheTypicalDistanceIsTheMedianHeldOutDistance()
    {
        using var scope = NewDisposeScope();
        var train = tensor(new float[,] { { 0 }, { 10 } });
        var heldOut = tensor(new float[,] { { 1 }, { 7 }, { 3 } });   // nearest distances 1, 3, 3

        Assert.Equal(3, Memorisation.TypicalDistance(heldOut, train));
    }

    [Fact]
    public void CopiesOfTrainingImagesAreAllCloserThanTheThreshold()
    {
        using var scope = NewDisposeScope();
        var train = tensor(new float[,] { { 0 }, { 10 }, { 20 } });
        var copies = tensor(new float[,] { { 0 }, { 10 }, { 20 }, { 5 } });   // the last is 5 from both neighbours

        Assert.Equal(0.75, Memorisation.ShareCloserThan(copies, train, threshold: 1));
        Assert.Equal(1.0, Memorisation.ShareCloserThan(copies, train, threshold: 5.5));
    }

    [Fact]
    public void PixelVectorsSearchBytesAsTheirValues()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        var images = randint(0, 256, [40, 1, 4, 4], dtype: ScalarType.Byte, generator: generator);
        var query = (images.narrow(0, 17, 1).to_type(ScalarType.Float32) + 2).flatten(1);   // every pixel 2 brighter

        var fromBytes = Memorisation.Nearest(query, PixelVectors.Of(images), k: 5);
        var fromFloats = Memorisation.Nearest(query, images.flatten(1).to_type(ScalarType.Float32), k: 5);

        Assert.Equal(17, fromBytes[0].Index);
        Assert.Equal(8, fromBytes[0].Distance, precision: 9);   // √(16 pixels × 2²)
        Assert.Equal(fromFloats, fromBytes);
    }
}
