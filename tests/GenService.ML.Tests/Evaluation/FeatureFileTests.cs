using GenService.ML.Evaluation;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Evaluation;

public sealed class FeatureFileTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"features-{Guid.NewGuid():N}.bin");

    public FeatureFileTests() => _ = TestTorch.Runtime;

    [Fact]
    public void FeaturesRoundTrip()
    {
        using var scope = NewDisposeScope();
        var features = randn(7, 3);

        FeatureFile.Write(path, features);

        Assert.Equal(features.data<float>().ToArray(), FeatureFile.Read(path).data<float>().ToArray());
    }

    [Fact]
    public void ATruncatedFileIsRefused()
    {
        using var scope = NewDisposeScope();
        FeatureFile.Write(path, randn(7, 3));
        using (var stream = File.OpenWrite(path))
            stream.SetLength(stream.Length - 4);

        Assert.Throws<InvalidDataException>(() => FeatureFile.Read(path));
    }

    public void Dispose() => File.Delete(path);
}
