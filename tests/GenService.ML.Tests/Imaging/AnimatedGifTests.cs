using GenService.ML.Imaging;
using SkiaSharp;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Imaging;

/// <summary>Checked by decoding with Skia's own GIF decoder, as a browser would read the file.</summary>
public class AnimatedGifTests
{
    public AnimatedGifTests() => _ = TestTorch.Runtime;

    [Fact]
    public void GrayscaleFramesComeBackExactlyAndInOrder()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        // Enough random pixels that the LZW table fills, widens to 12 bits and is cleared several times.
        var frames = randint(0, 256, [5, 1, 61, 47], dtype: ScalarType.Byte, generator: generator);

        var decoded = Decode(AnimatedGif.Encode(frames, TimeSpan.FromMilliseconds(120)), out var durations);

        Assert.Equal(5, decoded.Count);
        Assert.All(durations, duration => Assert.Equal(120, duration));
        for (var i = 0; i < 5; i++)
            Assert.Equal(frames[i, 0].data<byte>().ToArray(), decoded[i].Select(pixel => pixel.Red).ToArray());
    }

    [Fact]
    public void FlatAndRepetitiveFramesRoundTrip()
    {
        using var scope = NewDisposeScope();
        // Long runs make long LZW strings: the other extreme from noise.
        var frames = cat([zeros(2, 1, 64, 64, ScalarType.Byte), full([1, 1, 64, 64], 200, ScalarType.Byte)], 0);

        var decoded = Decode(AnimatedGif.Encode(frames, TimeSpan.FromMilliseconds(50)), out _);

        Assert.Equal(3, decoded.Count);
        Assert.All(decoded[0], pixel => Assert.Equal(0, pixel.Red));
        Assert.All(decoded[2], pixel => Assert.Equal(200, pixel.Green));
    }

    [Fact]
    public void ColourFramesWithFewColoursAreExact()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(4);
        var colours = tensor(new byte[] { 255, 0, 0, 0, 128, 255, 10, 20, 30, 250, 250, 250 }, [4, 3]);
        var choice = randint(0, 4, [2, 24, 24], generator: generator);
        var frames = colours.index_select(0, choice.flatten()).reshape(2, 24, 24, 3).permute(0, 3, 1, 2).contiguous();

        var decoded = Decode(AnimatedGif.Encode(frames, TimeSpan.FromMilliseconds(100)), out _);

        for (var i = 0; i < 2; i++)
        {
            var expected = frames[i].permute(1, 2, 0).contiguous().data<byte>().ToArray();
            var actual = decoded[i].SelectMany(pixel => new[] { pixel.Red, pixel.Green, pixel.Blue }).ToArray();
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void ManyColoursAreApproximatedClosely()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        var frames = randint(0, 256, [3, 3, 20, 20], dtype: ScalarType.Byte, generator: generator);

        var decoded = Decode(AnimatedGif.Encode(frames, TimeSpan.FromMilliseconds(100)), out _);

        var expected = frames.permute(0, 2, 3, 1).to_type(ScalarType.Float32);
        var actual = tensor(decoded.SelectMany(f => f.SelectMany(p => new float[] { p.Red, p.Green, p.Blue })).ToArray(), [3, 20, 20, 3]);
        // 1200 random colours into 256 boxes: the mean error stays a small share of the 0..255 range.
        Assert.InRange((actual - expected).abs().mean().item<float>(), 0, 20);
    }

    [Fact]
    public void RejectsWhatIsNotAStackOfByteFrames()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => AnimatedGif.Encode(zeros(2, 1, 4, 4), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentException>(() => AnimatedGif.Encode(zeros([1, 4, 4], ScalarType.Byte), TimeSpan.FromSeconds(1)));
    }

    private static List<SKColor[]> Decode(byte[] gif, out List<int> durations)
    {
        using var codec = SKCodec.Create(new MemoryStream(gif)) ?? throw new InvalidOperationException("Skia cannot read the GIF.");
        Assert.Equal(SKEncodedImageFormat.Gif, codec.EncodedFormat);
        Assert.Equal(-1, codec.RepetitionCount);   // Skia reads the NETSCAPE2.0 loop count 0 as "forever"
        var frames = new List<SKColor[]>();
        durations = codec.FrameInfo.Select(f => f.Duration).ToList();
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        for (var i = 0; i < codec.FrameCount; i++)
        {
            using var bitmap = new SKBitmap(info);
            var result = codec.GetPixels(info, bitmap.GetPixels(), new SKCodecOptions(i));
            Assert.Equal(SKCodecResult.Success, result);
            frames.Add(bitmap.Pixels);
        }
        return frames;
    }
}
