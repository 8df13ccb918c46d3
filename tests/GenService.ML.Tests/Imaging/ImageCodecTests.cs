using System.Buffers.Binary;
using GenService.ML.Imaging;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Imaging;

public class ImageCodecTests
{
    public ImageCodecTests() => _ = TestTorch.Runtime;

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    public void PngRoundTripIsExact(int channels)
    {
        using var scope = NewDisposeScope();
        var pixels = SampleImages.RandomPixels(channels, 12, 12);

        var png = ImageCodec.Encode(pixels, ImageFormat.Png);
        using var decoded = ImageCodec.Decode(png, size: 12, channels);

        Assert.Equal([channels, 12L, 12], decoded.Pixels.shape);
        Assert.Equal(ScalarType.Byte, decoded.Pixels.dtype);
        Assert.True(decoded.Pixels.equal(pixels).all().item<bool>());
        Assert.Equal(ImageFormat.Png, decoded.Source.Format);
        Assert.Equal(channels == 1, decoded.Source.IsGrayscale);
    }

    [Fact]
    public void FloatImagesAreReadAsZeroToOne()
    {
        using var scope = NewDisposeScope();
        var image = tensor(new[] { 0f, 0.5f, 1f, 2f, -1f, 0.25f }, [1, 2, 3]);

        using var decoded = ImageCodec.Decode(ImageCodec.Encode(image, ImageFormat.Png), 2, 1);

        // A 2×3 image crops to its first two columns (the odd pixel falls on the right); 2 and -1 clamp.
        Assert.Equal(new byte[] { 0, 128, 255, 0 }, decoded.Pixels.data<byte>().ToArray());
    }

    [Theory]
    [InlineData("jpeg", 3)]
    [InlineData("jpeg", 1)]
    [InlineData("webp", 3)]
    [InlineData("webp", 1)]
    public void LossyRoundTripsStayClose(string formatName, int channels)
    {
        using var scope = NewDisposeScope();
        Assert.True(ImageFormat.TryParse(formatName, out var format));
        var image = SampleImages.Gradient(channels, 32, 32);

        using var decoded = ImageCodec.Decode(ImageCodec.Encode(image, format, quality: 95), 32, channels);

        var error = decoded.Pixels.to_type(ScalarType.Float32).div(255).sub(image).abs().mean().item<float>();
        Assert.True(error < 0.02f, $"mean absolute error {error}");
        Assert.Equal(format, decoded.Source.Format);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    [InlineData("webp")]
    public void EncodingIsDeterministic(string formatName)
    {
        using var scope = NewDisposeScope();
        Assert.True(ImageFormat.TryParse(formatName, out var format));
        var image = rand(3, 24, 24);

        var first = ImageCodec.Encode(image, format, quality: 80);
        var second = ImageCodec.Encode(image.clone(), format, quality: 80);

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("png", 3)]
    [InlineData("png", 1)]
    [InlineData("jpeg", 3)]
    [InlineData("webp", 1)]
    public void PlanarBytesEncodeAsTheSameTensorDoes(string formatName, int channels)
    {
        using var scope = NewDisposeScope();
        Assert.True(ImageFormat.TryParse(formatName, out var format));
        var pixels = SampleImages.RandomPixels(channels, 9, 14);

        var fromBytes = ImageCodec.Encode(pixels.data<byte>().ToArray(), channels, 9, 14, format);

        Assert.Equal(ImageCodec.Encode(pixels, format), fromBytes);
    }

    [Fact]
    public void PlanarBytesOfTheWrongLengthAreRefused()
    {
        Assert.Throws<ArgumentException>(() => ImageCodec.Encode(new byte[3 * 8 * 8 - 1], 3, 8, 8, ImageFormat.Png));
        Assert.Throws<ArgumentException>(() => ImageCodec.Encode(new byte[2 * 8 * 8], 2, 8, 8, ImageFormat.Png));
    }

    [Fact]
    public void EncodedBytesStartWithTheFormatsSignature()
    {
        using var scope = NewDisposeScope();
        var image = rand(1, 8, 8);

        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, ImageCodec.Encode(image, ImageFormat.Png)[..4]);
        Assert.Equal(new byte[] { 0xFF, 0xD8 }, ImageCodec.Encode(image, ImageFormat.Jpeg)[..2]);
        Assert.Equal("WEBP"u8.ToArray(), ImageCodec.Encode(image, ImageFormat.Webp)[8..12]);
    }

    [Fact]
    public void ColourPhotoIsCroppedAndResizedToTheRequestedSquare()
    {
        using var decoded = ImageCodec.Decode(SampleImages.Chelsea, size: 40, channels: 3);

        Assert.Equal([3L, 40, 40], decoded.Pixels.shape);
        Assert.Equal((451, 300), (decoded.Source.Width, decoded.Source.Height));
        Assert.False(decoded.Source.IsGrayscale);
    }

    [Fact]
    public void GrayPhotoIsReportedGrayAndKeepsItsValuesInOneChannelOrThree()
    {
        using var scope = NewDisposeScope();
        using var gray = ImageCodec.Decode(SampleImages.Camera, size: 32, channels: 1);
        using var colour = ImageCodec.Decode(SampleImages.Camera, size: 32, channels: 3);

        Assert.True(gray.Source.IsGrayscale);
        Assert.True(colour.Source.IsGrayscale);
        Assert.Equal([1L, 32, 32], gray.Pixels.shape);
        Assert.True(colour.Pixels[0].equal(colour.Pixels[1]).all().item<bool>() && colour.Pixels[1].equal(colour.Pixels[2]).all().item<bool>());
        Assert.True(colour.Pixels[0].equal(gray.Pixels[0]).all().item<bool>());
    }

    [Fact]
    public void RgbFileWithOnlyGrayPixelsIsReportedGray()
    {
        using var scope = NewDisposeScope();
        var gray = SampleImages.RandomPixels(1, 10, 10).expand(3, 10, 10);

        using var decoded = ImageCodec.Decode(ImageCodec.Encode(gray, ImageFormat.Png), 10, 3);

        Assert.True(decoded.Source.IsGrayscale);
    }

    [Fact]
    public void ColourToGrayUsesLuma()
    {
        using var scope = NewDisposeScope();
        var red = zeros(3, 4, 4, ScalarType.Byte);
        red[0].fill_(255);

        using var decoded = ImageCodec.Decode(ImageCodec.Encode(red, ImageFormat.Png), 4, 1);

        Assert.Equal(76, decoded.Pixels[0, 0, 0].item<byte>()); // 0.299 · 255
    }

    [Fact]
    public void CropKeepsTheCentreOfAWideImage()
    {
        using var scope = NewDisposeScope();
        // 30×10: red, green and blue thirds; the centre 10×10 square is the green third.
        var image = zeros(3, 10, 30, ScalarType.Byte);
        image[0].narrow(1, 0, 10).fill_(255);
        image[1].narrow(1, 10, 10).fill_(255);
        image[2].narrow(1, 20, 10).fill_(255);

        using var decoded = ImageCodec.Decode(ImageCodec.Encode(image, ImageFormat.Png), 10, 3);

        Assert.Equal(0, decoded.Pixels[0].max().item<byte>());
        Assert.Equal(255, decoded.Pixels[1].min().item<byte>());
        Assert.Equal(0, decoded.Pixels[2].max().item<byte>());
    }

    [Fact]
    public void StrongDownscaleAveragesInsteadOfAliasing()
    {
        using var scope = NewDisposeScope();
        // A one-pixel checkerboard averages to mid-gray; point sampling would give black or white.
        var rows = arange(64).view(64, 1);
        var columns = arange(64).view(1, 64);
        var checkerboard = rows.add(columns).remainder(2).mul(255).to_type(ScalarType.Byte).unsqueeze(0);

        using var decoded = ImageCodec.Decode(ImageCodec.Encode(checkerboard, ImageFormat.Png), 8, 1);

        var values = decoded.Pixels.to_type(ScalarType.Float32);
        Assert.InRange(values.min().item<float>(), 100f, 155f);
        Assert.InRange(values.max().item<float>(), 100f, 155f);
    }

    [Fact]
    public void UpscalesSmallImages()
    {
        using var scope = NewDisposeScope();
        var small = SampleImages.Gradient(3, 8, 8);

        using var decoded = ImageCodec.Decode(ImageCodec.Encode(small, ImageFormat.Png), 32, 3);

        Assert.Equal([3L, 32, 32], decoded.Pixels.shape);
    }

    [Fact]
    public void LargeJpegDecodesToTheRequestedSize()
    {
        using var decoded = ImageCodec.Decode(SampleImages.Hubble, 16, 3);

        Assert.Equal([3L, 16, 16], decoded.Pixels.shape);
        Assert.Equal((1000, 872), (decoded.Source.Width, decoded.Source.Height));
        Assert.Equal(ImageFormat.Jpeg, decoded.Source.Format);
    }

    [Fact]
    public void DecodesFromAStream()
    {
        using var stream = new MemoryStream(SampleImages.Astronaut);

        using var decoded = ImageCodec.Decode(stream, 16, 3);

        Assert.Equal([3L, 16, 16], decoded.Pixels.shape);
    }

    [Fact]
    public void ExifOrientationIsApplied()
    {
        using var scope = NewDisposeScope();
        // Stored 20 wide × 10 tall, left half black, right half white; orientation 6 says "rotate 90°
        // clockwise to display", so it shows 10 wide × 20 tall with the black half on top.
        var stored = zeros(1, 10, 20);
        stored.narrow(2, 10, 10).fill_(1);
        var jpeg = WithExifOrientation(ImageCodec.Encode(stored, ImageFormat.Jpeg, quality: 100), orientation: 6);

        using var decoded = ImageCodec.Decode(jpeg, 10, 1);

        Assert.Equal((10, 20), (decoded.Source.Width, decoded.Source.Height));
        Assert.True(decoded.Pixels[0, 0].to_type(ScalarType.Float32).mean().item<float>() < 40);
        Assert.True(decoded.Pixels[0, 9].to_type(ScalarType.Float32).mean().item<float>() > 215);
    }

    [Fact]
    public void RandomBytesAreAnInvalidImage()
    {
        var noise = new byte[500];
        new Random(3).NextBytes(noise);

        Assert.Throws<InvalidImageException>(() => ImageCodec.Decode(noise, 8, 3));
        Assert.Throws<InvalidImageException>(() => ImageCodec.Decode(ReadOnlySpan<byte>.Empty, 8, 3));
    }

    [Fact]
    public void TruncatedImageIsInvalid()
    {
        var png = SampleImages.Astronaut;

        var exception = Assert.Throws<InvalidImageException>(() => ImageCodec.Decode(png.AsSpan(0, png.Length / 2), 8, 3));

        Assert.Contains("truncated", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherFormatsThanPngJpegWebpAreRefused()
    {
        var exception = Assert.Throws<InvalidImageException>(() => ImageCodec.Decode(SampleImages.Gif, 8, 3));

        Assert.Contains("Gif", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImagesAboveThePixelLimitAreRefusedBeforeDecoding()
    {
        var exception = Assert.Throws<InvalidImageException>(() => ImageCodec.Decode(SampleImages.Astronaut, 8, 3, maxPixels: 100_000));

        Assert.Contains("512×512", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeIntoWritesPlanarPixelsIntoTheGivenSlot()
    {
        using var scope = NewDisposeScope();
        var pixels = SampleImages.RandomPixels(3, 6, 6);
        var batch = zeros(2, 3, 6, 6, ScalarType.Byte);

        var source = ImageCodec.DecodeInto(ImageCodec.Encode(pixels, ImageFormat.Png), 6, 3, batch[1].bytes);

        Assert.False(source.IsGrayscale);
        Assert.True(batch[1].equal(pixels).all().item<bool>());
        Assert.Equal(0, batch[0].max().item<byte>());
    }

    /// <summary>Inserts a minimal EXIF APP1 segment holding only an orientation tag after the JPEG's SOI marker.</summary>
    private static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        var segment = new byte[36];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), 34);
        "Exif\0\0"u8.CopyTo(segment.AsSpan(4));
        "MM\0\x2A"u8.CopyTo(segment.AsSpan(10));
        BinaryPrimitives.WriteUInt32BigEndian(segment.AsSpan(14), 8); // first IFD right after the TIFF header
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(18), 1); // one entry
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(20), 0x0112); // Orientation
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(22), 3); // SHORT
        BinaryPrimitives.WriteUInt32BigEndian(segment.AsSpan(24), 1); // one value
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(28), orientation);
        // Bytes 30..35: value padding and a zero next-IFD offset.
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }
}
