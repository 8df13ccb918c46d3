using System.Security.Cryptography;
using System.Text.Json;
using GenService.ML.Datasets;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Datasets;

public sealed class DatasetFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("dataset-file-").FullName;

    public DatasetFileTests() => _ = TestTorch.Runtime;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void LabelledDatasetRoundTrips()
    {
        using var scope = NewDisposeScope();
        using var dataset = LabelledDataset();

        var stored = DatasetFile.Write(directory, dataset);
        using var read = DatasetFile.Read(directory);

        Assert.True(read.Images.equal(dataset.Images).all().item<bool>());
        Assert.NotNull(read.Labels);
        Assert.Equal(new long[] { 0, 2, 1, 2, 0, 1 }, read.Labels.data<long>().ToArray());
        Assert.Equal(["cat", "dog", "fox"], read.Classes);
        Assert.Equal((6L, 3, 5, 4), (stored.Manifest.Count, stored.Manifest.Channels, stored.Manifest.Height, stored.Manifest.Width));
        Assert.Equal(6 * 3 * 5 * 4, new FileInfo(Path.Combine(directory, DatasetFile.ImagesFileName)).Length);
        Assert.Equal(6 * sizeof(long), new FileInfo(Path.Combine(directory, DatasetFile.LabelsFileName)).Length);
    }

    [Fact]
    public void ChecksumIsTheSha256OfTheImagesFileAndSizeCountsEveryFile()
    {
        using var dataset = LabelledDataset();

        var stored = DatasetFile.Write(directory, dataset);

        var imagesFile = File.ReadAllBytes(Path.Combine(directory, DatasetFile.ImagesFileName));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(imagesFile)), stored.ImagesSha256);
        Assert.Equal(Directory.EnumerateFiles(directory).Sum(path => new FileInfo(path).Length), stored.SizeBytes);
    }

    [Fact]
    public void UnlabelledDatasetRoundTripsWithoutALabelsFile()
    {
        using var scope = NewDisposeScope();
        using var dataset = new DatasetTensors(Images(4, 1, 7, 7), null, []);

        DatasetFile.Write(directory, dataset);
        using var read = DatasetFile.Read(directory);

        Assert.Null(read.Labels);
        Assert.Empty(read.Classes);
        Assert.True(read.Images.equal(dataset.Images).all().item<bool>());
        Assert.False(File.Exists(Path.Combine(directory, DatasetFile.LabelsFileName)));
    }

    [Fact]
    public void ManifestDescribesTheFiles()
    {
        using var dataset = LabelledDataset();
        DatasetFile.Write(directory, dataset);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, DatasetFile.ManifestFileName)));

        var root = json.RootElement;
        Assert.Equal(DatasetFile.CurrentFormatVersion, root.GetProperty("formatVersion").GetInt32());
        Assert.Equal(6, root.GetProperty("count").GetInt64());
        Assert.Equal(3, root.GetProperty("channels").GetInt32());
        Assert.Equal(5, root.GetProperty("height").GetInt32());
        Assert.Equal(4, root.GetProperty("width").GetInt32());
        Assert.Equal("int64", root.GetProperty("labelType").GetString());
        Assert.Equal(3, root.GetProperty("classes").GetArrayLength());
    }

    [Fact]
    public void HeldOutImagesAreStoredAndSplitOffInsteadOfTheSeededShare()
    {
        using var dataset = LabelledDataset();

        DatasetFile.Write(directory, dataset, heldOut: [1, 4]);
        var manifest = DatasetFile.ReadManifest(directory);
        var (train, heldOut) = manifest.TrainAndHeldOut(validationFraction: 0.5, seed: 3);

        using (train)
        using (heldOut)
        {
            Assert.Equal([0L, 2, 3, 5], train.data<long>().ToArray());
            Assert.Equal([1L, 4], heldOut.data<long>().ToArray());
        }
        DatasetFile.Write(directory, dataset);
        using var withoutHeldOut = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, DatasetFile.ManifestFileName)));
        Assert.False(withoutHeldOut.RootElement.TryGetProperty("heldOut", out _));
    }

    [Theory]
    [InlineData("[4, 1]")]
    [InlineData("[0, 6]")]
    [InlineData("[0, 1, 2, 3, 4, 5]")]
    public void HeldOutPositionsOutOfOrderOrRangeOrLeavingNothingToTrainOnAreRefused(string heldOut)
    {
        using var dataset = LabelledDataset();
        DatasetFile.Write(directory, dataset);
        var path = Path.Combine(directory, DatasetFile.ManifestFileName);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"count\"", $"\"heldOut\": {heldOut}, \"count\"", StringComparison.Ordinal));

        var refused = Assert.Throws<InvalidDataException>(() => DatasetFile.ReadManifest(directory));

        Assert.Contains("held-out positions", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedImagesFileFailsClearly()
    {
        using var dataset = LabelledDataset();
        DatasetFile.Write(directory, dataset);
        using (var stream = File.OpenWrite(Path.Combine(directory, DatasetFile.ImagesFileName)))
            stream.SetLength(stream.Length - 7);

        var exception = Assert.Throws<InvalidDataException>(() => DatasetFile.Read(directory));

        Assert.Contains("truncated", exception.Message, StringComparison.Ordinal);
        Assert.Contains(DatasetFile.ImagesFileName, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedLabelsFileFailsClearly()
    {
        using var dataset = LabelledDataset();
        DatasetFile.Write(directory, dataset);
        using (var stream = File.OpenWrite(Path.Combine(directory, DatasetFile.LabelsFileName)))
            stream.SetLength(stream.Length - 1);

        var exception = Assert.Throws<InvalidDataException>(() => DatasetFile.Read(directory));

        Assert.Contains("truncated", exception.Message, StringComparison.Ordinal);
        Assert.Contains(DatasetFile.LabelsFileName, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImagesFileLongerThanTheManifestSaysIsRefused()
    {
        using var dataset = LabelledDataset();
        DatasetFile.Write(directory, dataset);
        File.AppendAllText(Path.Combine(directory, DatasetFile.ImagesFileName), "x");

        Assert.Throws<InvalidDataException>(() => DatasetFile.Read(directory));
    }

    [Fact]
    public void FolderWithoutManifestIsNotADataset() =>
        Assert.Throws<InvalidDataException>(() => DatasetFile.Read(directory));

    [Fact]
    public void UnknownFormatVersionIsRefused()
    {
        using var dataset = LabelledDataset();
        DatasetFile.Write(directory, dataset);
        var manifestPath = Path.Combine(directory, DatasetFile.ManifestFileName);
        File.WriteAllText(manifestPath, File.ReadAllText(manifestPath).Replace("\"formatVersion\": 1", "\"formatVersion\": 99", StringComparison.Ordinal));

        var exception = Assert.Throws<InvalidDataException>(() => DatasetFile.Read(directory));

        Assert.Contains("version 99", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadsInt32LabelsToo()
    {
        using var scope = NewDisposeScope();
        var images = Images(3, 1, 2, 2);
        File.WriteAllBytes(Path.Combine(directory, "images.u8"), images.data<byte>().ToArray());
        File.WriteAllBytes(Path.Combine(directory, "labels.i32"), [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
        File.WriteAllText(Path.Combine(directory, DatasetFile.ManifestFileName), """
            {"formatVersion": 1, "count": 3, "channels": 1, "height": 2, "width": 2, "classes": ["a", "b"],
             "imagesFile": "images.u8", "labelsFile": "labels.i32", "labelType": "int32"}
            """);

        using var read = DatasetFile.Read(directory);

        Assert.Equal(new long[] { 1, 0, 1 }, read.Labels!.data<long>().ToArray());
    }

    [Fact]
    public void LabelOutsideTheClassesIsRefused()
    {
        using var scope = NewDisposeScope();
        using var dataset = new DatasetTensors(Images(2, 1, 2, 2), tensor(new long[] { 0, 5 }), ["a", "b"]);
        DatasetFile.Write(directory, dataset);

        Assert.Throws<InvalidDataException>(() => DatasetFile.Read(directory));
    }

    [Fact]
    public void ReadImagesReturnsOnlyTheRequestedImages()
    {
        using var scope = NewDisposeScope();
        using var dataset = LabelledDataset();
        DatasetFile.Write(directory, dataset);

        var picked = DatasetFile.ReadImages(directory, [4, 1, 4]);

        Assert.Equal([3L, 3, 5, 4], picked.shape);
        Assert.True(picked[0].equal(dataset.Images[4]).all().item<bool>());
        Assert.True(picked[1].equal(dataset.Images[1]).all().item<bool>());
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetFile.ReadImages(directory, [6]));
    }

    private static DatasetTensors LabelledDataset() =>
        new(Images(6, 3, 5, 4), tensor(new long[] { 0, 2, 1, 2, 0, 1 }), ["cat", "dog", "fox"]);

    private static Tensor Images(int count, int channels, int height, int width)
    {
        using var generator = new Generator(7);
        return randint(0, 256, [count, channels, height, width], generator: generator, dtype: ScalarType.Byte);
    }
}
