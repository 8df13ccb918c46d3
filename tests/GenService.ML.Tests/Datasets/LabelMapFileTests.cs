using GenService.ML.Datasets;
using GenService.ML.Datasets.Landscapes;

namespace GenService.ML.Tests.Datasets;

public sealed class LabelMapFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("label-map-file-").FullName;

    public LabelMapFileTests() => _ = TestTorch.Runtime;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void LandscapesRoundTripWithTheirClassesAndStyles()
    {
        using var set = LandscapeSet.Draw(seed: 3, count: 4, size: 64);

        LabelMapFile.Write(directory, set);
        using var read = LabelMapFile.Read(directory);
        using var some = LabelMapFile.Read(directory, [2, 0]);

        Assert.Equal([4L, 3, 64, 64], read.Images.shape);
        Assert.True(read.Images.equal(set.Images).all().item<bool>());
        Assert.True(read.Maps.equal(set.Maps).all().item<bool>());
        Assert.True(read.ImageLabels!.equal(set.ImageLabels!).all().item<bool>());
        Assert.True(some.Maps[0].equal(set.Maps[2]).all().item<bool>());
        Assert.Equal(LandscapeClasses.All, read.Classes);
        Assert.Equal(LandscapeGenerator.StyleNames, read.ImageClasses);
        Assert.Null(read.DontCareIndex);
    }

    [Fact]
    public void ATruncatedMapsFileIsReportedNotRead()
    {
        using var set = LandscapeSet.Draw(seed: 3, count: 2, size: 64);
        LabelMapFile.Write(directory, set);
        var maps = Path.Combine(directory, LabelMapFile.MapsFileName);
        File.WriteAllBytes(maps, File.ReadAllBytes(maps)[..100]);

        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => LabelMapFile.Read(directory)).Message, StringComparison.Ordinal);
    }
}
