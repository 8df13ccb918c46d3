using GenService.ML.Evaluation;
using GenService.ML.Families;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Evaluation;

public class FeatureNetworkTests
{
    public FeatureNetworkTests() => _ = TestTorch.Runtime;

    [Theory]
    [InlineData(1, 28, 3, 32)]
    [InlineData(1, 8, 1, 16)]
    [InlineData(3, 64, 4, 32)]
    [InlineData(3, 9, 2, 32)]
    public void FeaturesArePooledToTheLastLevelsChannels(int channels, int size, int levels, int featureDimension)
    {
        using var scope = NewDisposeScope();
        var architecture = new FeatureNetworkArchitecture(new ImageShape(channels, size, size), Outputs: 10, BaseChannels: 8);
        using var network = new FeatureNetwork(architecture);
        network.eval();

        var images = rand(2, channels, size, size);

        Assert.Equal(levels, architecture.Levels);
        Assert.Equal(featureDimension, architecture.FeatureDimension);
        Assert.Equal(new long[] { 2, featureDimension }, network.Features(images).shape);
        Assert.Equal(new long[] { 2, 10 }, network.forward(images).shape);
    }

    [Theory]
    [InlineData(2, 16, 16)]
    [InlineData(1, 16, 12)]
    [InlineData(1, 4, 4)]
    public void RefusesShapesItCannotRead(int channels, int height, int width) =>
        Assert.NotNull(FeatureNetworkArchitecture.Check(new ImageShape(channels, height, width)));

    [Fact]
    public void ArchitectureHeaderRoundTripsAndRejectsOtherFiles()
    {
        var architecture = new FeatureNetworkArchitecture(new ImageShape(3, 32, 32), Outputs: 4, BaseChannels: 16);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            architecture.Write(writer, "magic");
        stream.Position = 0;
        using var reader = new BinaryReader(stream);

        Assert.Equal(architecture, FeatureNetworkArchitecture.Read(reader, "magic"));
        stream.Position = 0;
        Assert.Throws<InvalidDataException>(() => FeatureNetworkArchitecture.Read(reader, "other"));
    }
}
