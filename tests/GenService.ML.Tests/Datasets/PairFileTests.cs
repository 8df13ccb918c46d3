using GenService.ML.Datasets;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Datasets;

public sealed class PairFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("pair-file-").FullName;

    public PairFileTests() => _ = TestTorch.Runtime;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void PairsRoundTripWithTheirOwnChannelsPerSide()
    {
        using var pairs = Pairs();

        var stored = PairFile.Write(directory, pairs);
        using var read = PairFile.Read(directory);
        using var some = PairFile.Read(directory, [3, 1]);

        Assert.Equal([5L, 1, 6, 6], read.A.shape);
        Assert.Equal([5L, 3, 6, 6], read.B.shape);
        Assert.True(read.A.equal(pairs.A).all().item<bool>());
        Assert.True(read.B.equal(pairs.B).all().item<bool>());
        Assert.True(some.B[0].equal(pairs.B[3]).all().item<bool>());
        Assert.True(some.A[1].equal(pairs.A[1]).all().item<bool>());
        var bytes = File.ReadAllBytes(Path.Combine(directory, PairFile.AFileName)).Concat(File.ReadAllBytes(Path.Combine(directory, PairFile.BFileName))).ToArray();
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), stored.Sha256);
    }

    [Fact]
    public void SplitsRoundTripAndAManifestWrittenBeforeSplitsStillLoads()
    {
        using var pairs = Pairs() with { Splits = [new PairSplit("test", 0, 2), new PairSplit("train", 2, 3)] };

        PairFile.Write(directory, pairs);
        using (var read = PairFile.Read(directory))
            Assert.Equal(pairs.Splits, read.Splits);

        var manifestPath = Path.Combine(directory, DatasetFile.ManifestFileName);
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        Assert.True(manifest.Remove("splits"));
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        using var old = PairFile.Read(directory);

        Assert.Null(old.Splits);
        Assert.True(old.A.equal(pairs.A).all().item<bool>());
    }

    [Fact]
    public void SplitsThatDoNotCoverThePairsAreRefused()
    {
        using var pairs = Pairs() with { Splits = [new PairSplit("train", 0, 4)] };

        Assert.Throws<ArgumentException>(() => PairFile.Write(directory, pairs));
    }

    [Fact]
    public void AMissingSideIsRefused()
    {
        using var pairs = Pairs();
        PairFile.Write(directory, pairs);
        File.Delete(Path.Combine(directory, PairFile.BFileName));

        var error = Assert.Throws<InvalidDataException>(() => PairFile.Read(directory));

        Assert.Contains(PairFile.BFileName, error.Message, StringComparison.Ordinal);
    }

    private static PairTensors Pairs() => new(
        randint(0, 256, [5, 1, 6, 6], dtype: ScalarType.Byte, generator: new Generator(1)),
        randint(0, 256, [5, 3, 6, 6], dtype: ScalarType.Byte, generator: new Generator(2)));
}
