using GenService.ML.Datasets;

namespace GenService.ML.Tests.Datasets;

public sealed class PairSplitTests
{
    [Fact]
    public void EachSplitIsARunOfThePairsInStoredOrder()
    {
        var splits = PairSplit.OfPairs(["test", "test", "train", "train", "train", "val"]);

        Assert.Equal([new PairSplit("test", 0, 2), new PairSplit("train", 2, 3), new PairSplit("val", 5, 1)], splits);
    }

    [Fact]
    public void SplitsThatDoNotDescribeThePairsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => PairSplit.OfPairs(["train", "test", "train"]));
        Assert.Throws<ArgumentException>(() => PairSplit.OfPairs(["train", "holdout"]));
        Assert.Contains("hold 3 pairs, not 4", PairSplit.Problem([new PairSplit("train", 0, 3)], 4), StringComparison.Ordinal);
        Assert.NotNull(PairSplit.Problem([new PairSplit("train", 1, 3)], 4));
    }

    [Fact]
    public void TrainTrainsAndTestIsHeldOutWithValLeftOut()
    {
        var (train, heldOut) = PairSplit.TrainAndHeldOut(PairSplit.OfPairs(["test", "train", "train", "val"]))!.Value;

        Assert.Equal([1L, 2], train);
        Assert.Equal([0L], heldOut);
    }

    [Fact]
    public void ValIsHeldOutWhenThereIsNoTest()
    {
        var (train, heldOut) = PairSplit.TrainAndHeldOut(PairSplit.OfPairs(["train", "val", "val"]))!.Value;

        Assert.Equal([0L], train);
        Assert.Equal([1L, 2], heldOut);
    }

    [Fact]
    public void WithoutStoredSplitsOrWithoutEitherSideTheRunSplitsBySeed()
    {
        Assert.Null(PairSplit.TrainAndHeldOut(null));
        Assert.Null(PairSplit.TrainAndHeldOut(PairSplit.OfPairs(["train", "train"])));
        Assert.Null(PairSplit.TrainAndHeldOut(PairSplit.OfPairs(["test", "val"])));
    }
}
