using System.IO.Compression;
using GenService.ML.Datasets;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Datasets;

/// <summary>Reads the real files of the Debian package dataset-fashion-mnist.</summary>
public class FashionMnistTests
{
    public FashionMnistTests() => _ = TestTorch.Runtime;

    [Fact]
    public void ReadsTheFirstTrainingImagesWithTheirLabels()
    {
        using var dataset = FashionMnist.Read(FashionMnist.DefaultDirectory, FashionMnistSplit.Train, limit: 20);

        Assert.Equal([20L, 1, 28, 28], dataset.Images.shape);
        Assert.Equal(ScalarType.Byte, dataset.Images.dtype);
        var labels = dataset.Labels!.data<long>().ToArray();
        Assert.Equal(20, labels.Length);
        Assert.All(labels, label => Assert.InRange(label, 0, 9));
        Assert.Equal(9, labels[0]); // the first training image is an ankle boot
        Assert.Equal(10, dataset.Classes.Count);
        Assert.Equal("T-shirt/top", dataset.Classes[0]);
        Assert.Equal("Ankle boot", dataset.Classes[9]);
        Assert.True(dataset.Images.max().item<byte>() > 200); // real pictures, not zeros
    }

    [Fact]
    public void ReadsTheTestSplit()
    {
        using var dataset = FashionMnist.Read(FashionMnist.DefaultDirectory, FashionMnistSplit.Test, limit: 5);

        Assert.Equal(5, dataset.Count);
        Assert.True(FashionMnist.IsInstalled(FashionMnist.DefaultDirectory, FashionMnistSplit.Test));
    }

    [Fact]
    public void MissingPackageIsAFileNotFound()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-fashion-mnist-{Guid.NewGuid():N}");

        var exception = Assert.Throws<FileNotFoundException>(() => FashionMnist.Read(missing, FashionMnistSplit.Train, 1));

        Assert.Contains("dataset-fashion-mnist", exception.Message, StringComparison.Ordinal);
        Assert.False(FashionMnist.IsInstalled(missing, FashionMnistSplit.Train));
    }

    [Fact]
    public void WrongMagicNumberIsRefused()
    {
        var directory = Directory.CreateTempSubdirectory("fake-fashion-mnist-").FullName;
        try
        {
            var (images, labels) = FashionMnist.FilesOf(directory, FashionMnistSplit.Train);
            WriteGzip(images, [0, 0, 8, 1, 0, 0, 0, 1, 0]); // a labels header where images belong
            WriteGzip(labels, [0, 0, 8, 1, 0, 0, 0, 1, 0]);

            var exception = Assert.Throws<InvalidDataException>(() => FashionMnist.Read(directory, FashionMnistSplit.Train));

            Assert.Contains("magic number", exception.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void WriteGzip(string path, byte[] content)
    {
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        gzip.Write(content);
    }
}
