using GenService.Api.Inference;
using GenService.ML.Families;
using GenService.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.Api.Tests.Inference;

/// <summary>The channel and alpha rules of <see cref="SuperResolveWork"/>, on a stand-in model that repeats pixels.</summary>
public class SuperResolveWorkTests
{
    /// <summary>Loads libtorch as the service does (once per process; the test host's factories find it loaded).</summary>
    public SuperResolveWorkTests() => TorchRuntime.Initialize(new TorchRuntimeOptions());

    [Fact]
    public void AGrayImageGivenToAColourModelComesBackAsGray()
    {
        using var scope = NewDisposeScope();
        using var model = new PixelRepeater(channels: 3);

        var output = Run(new SuperResolveWork([10, 20, 30, 40], 1, 2, 2, null, 4, 4), model);

        Assert.Equal([1, 1, 4, 4], output.shape);
        Assert.Equal(new byte[] { 10, 10, 20, 20 }, Bytes(output)[..4]);
    }

    [Fact]
    public void AColourImageGivenToAGrayModelIsUpscaledChannelByChannel()
    {
        using var scope = NewDisposeScope();
        using var model = new PixelRepeater(channels: 1);

        var output = Run(new SuperResolveWork([10, 20, 30, 40, 50, 60], 3, 1, 2, null, 2, 4), model);

        Assert.Equal([1, 3, 2, 4], output.shape);
        Assert.Equal(new byte[] { 10, 10, 20, 20, 10, 10, 20, 20, 30, 30, 40, 40, 30, 30, 40, 40, 50, 50, 60, 60, 50, 50, 60, 60 }, Bytes(output));
    }

    [Fact]
    public void AlphaComesBackAsAFourthChannelAndAGrayImageWithItAsRgba()
    {
        using var scope = NewDisposeScope();
        using var model = new PixelRepeater(channels: 1);

        var output = Run(new SuperResolveWork([100, 100, 100, 100], 1, 2, 2, [0, 255, 255, 255], 4, 4), model);

        Assert.Equal([1, 4, 4, 4], output.shape);
        var bytes = Bytes(output);
        Assert.Equal(100, bytes[2 * 16]);
        Assert.Equal(0, bytes[3 * 16]);
        // Bicubic rings a little next to the transparent pixel, even in the far corner of so small an image.
        Assert.InRange(bytes[(4 * 16) - 1], 245, 255);
    }

    private static Tensor Run(SuperResolveWork work, IGenerativeModel model)
    {
        var result = work.Run(model);
        Assert.Null(result.Error);
        return result.Value!;
    }

    private static byte[] Bytes(Tensor images) =>
        images.clamp(0, 1).mul(255).round().to_type(ScalarType.Byte).contiguous().data<byte>().ToArray();

    /// <summary>×2 by repeating each pixel: what a real model would do with a flat image.</summary>
    private sealed class PixelRepeater(int channels) : IGenerativeModel, ISuperResolver
    {
        public string Architecture => "srresnet";

        public ImageShape OutputShape { get; } = new(channels, 16, 16);

        public Device Device => CPU;

        public long ParameterBytes => 0;

        public int Scale => 2;

        public Tensor SuperResolve(Tensor images)
        {
            Assert.Equal(channels, images.shape[1]);
            return images.repeat_interleave(2, 2).repeat_interleave(2, 3);
        }

        public void Dispose()
        {
        }
    }
}
