using GenService.ML.Datasets.Trajectories;

namespace GenService.ML.Tests.Datasets.Trajectories;

public sealed class TrajectoryFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("trajectory-file-").FullName;

    public TrajectoryFileTests() => _ = TestTorch.Runtime;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void ScenesRoundTripInTheReleaseFoldersWithTheirChecksum()
    {
        var scenes = CrowdSimulator.Simulate(5, 2, 1, 1, frames: 20);

        var stored = TrajectoryFile.Write(directory, scenes);
        var read = TrajectoryFile.Read(directory);
        var some = TrajectoryFile.Read(directory, [3, 0]);

        Assert.Equal(scenes.Select(s => (s.Name, s.Split)), read.Select(s => (s.Name, s.Split)));
        Assert.Equal(scenes[2].Points, read[2].Points);
        Assert.Equal(scenes[3].Points, some[0].Points);
        Assert.True(File.Exists(Path.Combine(directory, "val", "crowd-002.txt")));
        var bytes = TrajectoryFile.ReadManifest(directory).Scenes.SelectMany(s => File.ReadAllBytes(Path.Combine(directory, s.File))).ToArray();
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), stored.Sha256);
    }

    [Fact]
    public void AScenePreviewShowsTracksOnWhite()
    {
        var scene = CrowdSimulator.Scene(1, 0, TrajectorySplit.Train, frames: 20);

        using var picture = TrajectoryPlot.Scene(scene, 0, 20, 128);

        Assert.Equal([3L, 128, 128], picture.shape);
        using var white = picture.eq(255).all(0);
        var share = white.to_type(TorchSharp.torch.ScalarType.Float32).mean().item<float>();
        Assert.InRange(share, 0.5f, 0.99f);
    }
}
