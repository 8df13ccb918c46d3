using SkiaSharp;
using static TorchSharp.torch;

namespace GenService.ML.Imaging;

public static partial class ImageCodec
{
    /// <summary>
    /// Decodes an image at its own size, upright, into a new uint8 tensor [channels, H, W]: photos kept
    /// whole for trainers that take random crops, and side-by-side pairs before they are split. An image
    /// over <paramref name="maxStoredPixels"/> is scaled down, aspect kept, to fit.
    /// </summary>
    /// <exception cref="InvalidImageException">The bytes are not a decodable PNG, JPEG or WebP image.</exception>
    public static DecodedImage DecodeAtOwnSize(ReadOnlySpan<byte> encoded, int channels, long maxStoredPixels, long maxPixels = DefaultMaxPixels)
    {
        CheckTarget(1, channels);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStoredPixels, 1);
        if (encoded.IsEmpty)
            throw new InvalidImageException("The file is empty.");

        using var data = SKData.CreateCopy(encoded);
        using var codec = OpenCodec(data, maxPixels, out var format);
        var swapsSides = SwapsSides(codec.EncodedOrigin);
        var (width, height) = swapsSides ? (codec.Info.Height, codec.Info.Width) : (codec.Info.Width, codec.Info.Height);
        // Flooring both sides keeps width·height within the limit.
        var scale = Math.Min(1, Math.Sqrt((double)maxStoredPixels / ((long)width * height)));
        var (targetWidth, targetHeight) = (Math.Max(1, (int)(width * scale)), Math.Max(1, (int)(height * scale)));

        using var decoded = DecodeScaled(codec, Math.Min(targetWidth, targetHeight));
        var isGrayscale = codec.Info.ColorType == SKColorType.Gray8 || IsGrayscale(decoded);
        using var decodedImage = SKImage.FromBitmap(decoded);
        using var reoriented = codec.EncodedOrigin is SKEncodedOrigin.TopLeft ? null : Reorient(decodedImage, codec.EncodedOrigin);
        var upright = reoriented ?? decodedImage;

        var info = new SKImageInfo(targetWidth, targetHeight, SKColorType.Rgba8888, SKAlphaType.Premul, Srgb);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException("Skia could not allocate a surface.");
        surface.Canvas.Clear(SKColors.Black);
        var sampling = SamplingFor(Math.Min(upright.Width, upright.Height), Math.Min(targetWidth, targetHeight));
        surface.Canvas.DrawImage(upright, SKRect.Create(targetWidth, targetHeight), sampling);
        using var pixmap = surface.PeekPixels();

        var pixels = empty([channels, targetHeight, targetWidth], ScalarType.Byte);
        try
        {
            WritePlanar(pixmap.GetPixelSpan(), targetWidth * targetHeight, channels, pixels.bytes);
            return new DecodedImage(pixels, new SourceImageInfo(format, width, height, isGrayscale));
        }
        catch
        {
            pixels.Dispose();
            throw;
        }
    }
}
