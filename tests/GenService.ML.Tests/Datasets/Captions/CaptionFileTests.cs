using GenService.ML.Datasets;
using GenService.ML.Datasets.Captions;

namespace GenService.ML.Tests.Datasets.Captions;

public sealed class CaptionFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("caption-file-").FullName;

    public CaptionFileTests() => _ = TestTorch.Runtime;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void ACaptionSetRoundTripsAndItsImagesReadAsAnImagesDataset()
    {
        using var train = FashionMnist.Read(FashionMnist.DefaultDirectory, FashionMnistSplit.Train, limit: 40);
        using var heldOut = FashionMnist.Read(FashionMnist.DefaultDirectory, FashionMnistSplit.Test, limit: 10);
        using var set = FashionMnistCaptionWriter.Write(train, heldOut, captionsPerImage: 2, seed: 4);

        var stored = CaptionFile.Write(directory, set);
        using var read = CaptionFile.Read(directory);
        using var images = DatasetFile.Read(directory);

        Assert.Equal(set.Items, read.Items, (a, b) => a.Captions.SequenceEqual(b.Captions) && a.UnseenPhrasings.SequenceEqual(b.UnseenPhrasings) && a.HeldOut == b.HeldOut);
        Assert.Equal(set.AttributeThresholds, read.AttributeThresholds, (a, b) => a!.Classes.SequenceEqual(b!.Classes));
        Assert.True(images.Images.equal(set.Images.Images).all().item<bool>());
        Assert.True(images.Labels!.equal(set.Images.Labels!).all().item<bool>());
        var manifest = CaptionFile.ReadManifest(directory);
        Assert.Equal((50L, 10L, 100L), (manifest.Count, manifest.HeldOutCount, manifest.CaptionCount));
        Assert.Equal(new DirectoryInfo(directory).EnumerateFiles().Sum(file => file.Length), stored.SizeBytes);
    }

    [Fact]
    public void APageOfCaptionsIsReadFromItsOffsetAndStopsAtTheEnd()
    {
        using var train = FashionMnist.Read(FashionMnist.DefaultDirectory, FashionMnistSplit.Train, limit: 8);
        using var heldOut = FashionMnist.Read(FashionMnist.DefaultDirectory, FashionMnistSplit.Test, limit: 2);
        using var set = FashionMnistCaptionWriter.Write(train, heldOut, captionsPerImage: 1, seed: 4);
        CaptionFile.Write(directory, set);

        Assert.Equal(set.Items.Skip(3).Take(4).Select(item => item.Captions[0]), CaptionFile.ReadCaptions(directory, 3, 4).Select(item => item.Captions[0]));
        Assert.Equal(2, CaptionFile.ReadCaptions(directory, 8, 5).Count);
        Assert.Empty(CaptionFile.ReadCaptions(directory, 10, 5));
    }

    [Fact]
    public void HeldOutFlagsSplitTheSetAndWithoutAnyTheSeededSplitOfImagesDoes()
    {
        using var train = FashionMnist.Read(FashionMnist.DefaultDirectory, FashionMnistSplit.Train, limit: 6);
        using var heldOut = FashionMnist.Read(FashionMnist.DefaultDirectory, FashionMnistSplit.Test, limit: 2);
        using var flagged = FashionMnistCaptionWriter.Write(train, heldOut, captionsPerImage: 1, seed: 4);
        using var all = TorchSharp.torch.arange(6);
        using var unflagged = new CaptionSet(train.Select(all), [.. flagged.Items.Take(6).Select(item => item with { HeldOut = false })], null);

        var (flaggedTrain, flaggedHeldOut) = flagged.SplitIndices(0.5, seed: 1);
        Assert.Equal([0L, 1, 2, 3, 4, 5], flaggedTrain);
        Assert.Equal([6L, 7], flaggedHeldOut);
        var (trainIndex, heldOutIndex) = DatasetTensors.SplitIndices(6, 0.5, 1);
        var (seededTrain, seededHeldOut) = unflagged.SplitIndices(0.5, seed: 1);
        Assert.Equal(trainIndex.data<long>().ToArray(), seededTrain);
        Assert.Equal(heldOutIndex.data<long>().ToArray(), seededHeldOut);
    }

    [Fact]
    public void ATruncatedCaptionsFileIsReportedNotRead()
    {
        using var train = FashionMnist.Read(FashionMnist.DefaultDirectory, FashionMnistSplit.Train, limit: 4);
        using var heldOut = FashionMnist.Read(FashionMnist.DefaultDirectory, FashionMnistSplit.Test, limit: 1);
        using var set = FashionMnistCaptionWriter.Write(train, heldOut, captionsPerImage: 1, seed: 4);
        CaptionFile.Write(directory, set);
        var captions = Path.Combine(directory, CaptionFile.CaptionsFileName);
        File.WriteAllLines(captions, File.ReadAllLines(captions)[..3]);

        var exception = Assert.Throws<InvalidDataException>(() => CaptionFile.Read(directory));

        Assert.Contains("ends after 3 lines", exception.Message);
    }
}
