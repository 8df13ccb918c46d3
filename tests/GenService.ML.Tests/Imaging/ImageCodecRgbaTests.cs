using GenService.ML.Imaging;

namespace GenService.ML.Tests.Imaging;

/// <summary>Whole-image decoding with alpha (super-resolution's input) and four-channel encoding.</summary>
public class ImageCodecRgbaTests
{
    [Fact]
    public void RgbaPlanarPixelsRoundTripThroughPngWithTheirAlphaUnpremultiplied()
    {
        // R, G, B and alpha planes of a 2x1 image: a half-transparent red pixel and a fully transparent blue one.
        byte[] planar = [200, 0, 0, 0, 0, 180, 128, 0];

        var png = ImageCodec.Encode(planar, 4, 1, 2, ImageFormat.Png);
        var decoded = ImageCodec.DecodeRgba(png);

        Assert.Equal((2, 1), ImageCodec.ReadSize(png));
        Assert.Equal((2, 1, true, false), (decoded.Width, decoded.Height, decoded.HasAlpha, decoded.IsGrayscale));
        Assert.Equal(new byte[] { 200, 0, 0, 128 }, decoded.Rgba[..4]);
        Assert.Equal(0, decoded.Rgba[7]);
    }

    [Fact]
    public void AnOpaqueGrayImageIsReportedOpaqueAndGray()
    {
        var png = ImageCodec.Encode(new byte[] { 7, 90, 250 }, 1, 1, 3, ImageFormat.Png);

        var decoded = ImageCodec.DecodeRgba(png);

        Assert.Equal((false, true), (decoded.HasAlpha, decoded.IsGrayscale));
        Assert.Equal(new byte[] { 90, 90, 90, 255 }, decoded.Rgba[4..8]);
    }

    [Fact]
    public void JpegIgnoresTheAlphaPlane()
    {
        var jpeg = ImageCodec.Encode(new byte[4 * 8 * 8], 4, 8, 8, ImageFormat.Jpeg);

        Assert.False(ImageCodec.DecodeRgba(jpeg).HasAlpha);
    }

    [Fact]
    public void BytesThatAreNotAnImageAreInvalid()
    {
        Assert.Throws<InvalidImageException>(() => ImageCodec.ReadSize([1, 2, 3]));
        Assert.Throws<InvalidImageException>(() => ImageCodec.DecodeRgba([]));
    }
}
