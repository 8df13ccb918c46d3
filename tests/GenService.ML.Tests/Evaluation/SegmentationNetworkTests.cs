using GenService.ML.Evaluation;
using GenService.ML.Families;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Evaluation;

public class SegmentationNetworkTests
{
    public SegmentationNetworkTests() => _ = TestTorch.Runtime;

    [Theory]
    [InlineData(3, 16, 16, 1)]
    [InlineData(3, 32, 16, 3)]
    [InlineData(1, 16, 24, 2)]
    public void GivesEveryPixelOneLogitPerClass(int channels, int height, int width, int levels)
    {
        using var scope = NewDisposeScope();
        using var network = new SegmentationNetwork(new SegmentationNetworkArchitecture(new ImageShape(channels, height, width), Classes: 7, BaseChannels: 4, levels));
        network.eval();

        Assert.Equal(new long[] { 2, 7, height, width }, network.forward(rand(2, channels, height, width)).shape);
    }

    [Theory]
    [InlineData(2, 16, 2, 7)]
    [InlineData(3, 20, 3, 7)]
    [InlineData(3, 16, 0, 7)]
    [InlineData(3, 16, 2, 1)]
    public void RefusesArchitecturesItCannotBuild(int channels, int size, int levels, int classes)
    {
        var architecture = new SegmentationNetworkArchitecture(new ImageShape(channels, size, size), classes, BaseChannels: 4, levels);

        Assert.NotNull(architecture.Check());
        Assert.Throws<ArgumentException>(() => new SegmentationNetwork(architecture));
    }

    [Fact]
    public void AStoredNetworkLoadsWithTheSameLogits()
    {
        using var scope = NewDisposeScope();
        var architecture = new SegmentationNetworkArchitecture(new ImageShape(3, 16, 16), Classes: 5, BaseChannels: 4, Levels: 2);
        using var network = new SegmentationNetwork(architecture);
        using (var generator = new TorchSharp.torch.Generator(3))
            network.ResetParameters(generator);
        // A few training-mode passes move the batch-normalisation statistics off their defaults, so the file must carry them.
        network.train();
        for (var pass = 0; pass < 3; pass++)
            network.forward(rand(4, 3, 16, 16));
        network.eval();
        var images = rand(2, 3, 16, 16);

        using var stream = new MemoryStream();
        SegmentationNetworkFile.Write(network, stream);
        stream.Position = 0;
        using var loaded = SegmentationNetworkFile.Read(stream);
        loaded.eval();

        Assert.Equal(architecture, loaded.Architecture);
        Assert.Equal(network.forward(images).data<float>().ToArray(), loaded.forward(images).data<float>().ToArray());
    }

    [Fact]
    public void RefusesAFileOfAnotherKind()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            new FeatureNetworkArchitecture(new ImageShape(3, 16, 16), Outputs: 4, BaseChannels: 4).Write(writer, FeatureNetworkTrainer.ModelMagic);
        stream.Position = 0;

        Assert.Throws<InvalidDataException>(() => SegmentationNetworkFile.Read(stream));
    }
}
