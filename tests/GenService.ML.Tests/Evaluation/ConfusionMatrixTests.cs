using GenService.ML.Evaluation;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Evaluation;

public class ConfusionMatrixTests
{
    public ConfusionMatrixTests() => _ = TestTorch.Runtime;

    private static ConfusionMatrix Counted(long[] predicted, long[] target, int classCount = 3, int? ignored = null)
    {
        var confusion = new ConfusionMatrix(classCount, ignored);
        using var predictions = tensor(predicted);
        using var targets = tensor(target);
        confusion.Add(predictions, targets);
        return confusion;
    }

    [Fact]
    public void APerfectPredictionScoresOne()
    {
        var confusion = Counted([0, 1, 2, 2], [0, 1, 2, 2]);

        Assert.Equal(1.0, confusion.PixelAccuracy);
        Assert.Equal(1.0, confusion.MeanIntersectionOverUnion);
        Assert.Equal(2, confusion[2, 2]);
    }

    [Fact]
    public void AnAllWrongPredictionScoresZero()
    {
        var confusion = Counted([1, 2, 0, 0], [0, 1, 2, 2]);

        Assert.Equal(0.0, confusion.PixelAccuracy);
        Assert.Equal(0.0, confusion.MeanIntersectionOverUnion);
        Assert.Equal(2, confusion[2, 0]);
    }

    [Fact]
    public void IntersectionOverUnionCountsFalsePositivesAndNegatives()
    {
        // Class 0: TP 1, FN 1 -> 1/2. Class 1: TP 2, FP 1 -> 2/3.
        var confusion = Counted([0, 1, 1, 1], [0, 0, 1, 1], classCount: 2);

        Assert.Equal(0.75, confusion.PixelAccuracy);
        Assert.Equal(0.5, confusion.IntersectionOverUnion(0)!.Value, 12);
        Assert.Equal(2.0 / 3, confusion.IntersectionOverUnion(1)!.Value, 12);
        Assert.Equal((0.5 + 2.0 / 3) / 2, confusion.MeanIntersectionOverUnion, 12);
    }

    [Fact]
    public void ClassesAbsentFromTargetsAndPredictionsDoNotCount()
    {
        // Class 1 never occurs; class 2 is only predicted, so its IoU is 0 and counts.
        var confusion = Counted([0, 0, 2, 3], [0, 0, 3, 3], classCount: 4);

        Assert.Null(confusion.IntersectionOverUnion(1));
        Assert.Equal([0, 2, 3], confusion.ClassIntersectionOverUnion().Keys.Order());
        Assert.Equal((1.0 + 0.0 + 0.5) / 3, confusion.MeanIntersectionOverUnion, 12);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(255)]
    public void DontCarePixelsAreNotCountedWhateverIsPredicted(int ignored)
    {
        var confusion = Counted([1, 1, 2, 1], [1, 1, 2, ignored], ignored: ignored);

        Assert.Equal(3, confusion.Pixels);
        Assert.Equal(1.0, confusion.PixelAccuracy);
        Assert.Equal(1.0, confusion.MeanIntersectionOverUnion);
        Assert.DoesNotContain(0, confusion.ClassIntersectionOverUnion().Keys);
    }

    [Fact]
    public void APredictionOfTheDontCareIndexIsAnError()
    {
        var confusion = Counted([0, 1], [1, 1], ignored: 0);

        Assert.Equal(0.5, confusion.PixelAccuracy);
        Assert.Equal(0.5, confusion.IntersectionOverUnion(1)!.Value);
        Assert.Equal(0.5, confusion.MeanIntersectionOverUnion);
    }

    [Fact]
    public void AccumulatesOverTheWholeSetNotPerMap()
    {
        // Per map the IoU of class 1 would be 1 and 0 (mean 0.5); over the set it is 1/2.
        var confusion = new ConfusionMatrix(2, ignoredIndex: null);
        using var scope = NewDisposeScope();
        confusion.Add(tensor(new long[] { 1, 0 }), tensor(new long[] { 1, 0 }));
        confusion.Add(tensor(new long[] { 0, 1 }), tensor(new long[] { 0, 0 }));

        Assert.Equal(4, confusion.Pixels);
        Assert.Equal(0.5, confusion.IntersectionOverUnion(1)!.Value);
        Assert.Equal(confusion.PixelAccuracy, Counted([1, 0, 0, 1], [1, 0, 0, 0], classCount: 2).PixelAccuracy);
    }

    [Fact]
    public void RefusesMismatchedShapesAndIndicesOutOfRange()
    {
        var confusion = new ConfusionMatrix(3, ignoredIndex: 255);
        using var scope = NewDisposeScope();

        Assert.Throws<ArgumentException>(() => confusion.Add(zeros(2, 2, dtype: ScalarType.Int64), zeros(4, dtype: ScalarType.Int64)));
        Assert.Throws<ArgumentException>(() => confusion.Add(tensor(new long[] { 3 }), tensor(new long[] { 0 })));
        Assert.Throws<ArgumentException>(() => confusion.Add(tensor(new long[] { 0 }), tensor(new long[] { 7 })));
        Assert.Throws<InvalidOperationException>(() => confusion.PixelAccuracy);
    }
}
