using SkiaSharp;

namespace GenService.ML.Imaging;

/// <summary>An image decoded whole, as 8-bit unpremultiplied RGBA, and what it held.</summary>
/// <param name="Rgba">Interleaved R, G, B, A bytes, row-major, <paramref name="Width"/> × <paramref name="Height"/> pixels.</param>
/// <param name="IsGrayscale">Every pixel has R = G = B.</param>
/// <param name="HasAlpha">Some pixel is not fully opaque.</param>
public sealed record RgbaImage(byte[] Rgba, int Width, int Height, ImageFormat Format, bool IsGrayscale, bool HasAlpha);

public static partial class ImageCodec
{
    /// <summary>The image's width and height as stored, read from its header without decoding its pixels.</summary>
    /// <exception cref="InvalidImageException">The bytes are not a PNG, JPEG or WebP image.</exception>
    public static (int Width, int Height) ReadSize(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty)
            throw new InvalidImageException("The file is empty.");
        using var data = SKData.CreateCopy(encoded);
        using var codec = OpenCodec(data, long.MaxValue, out _);
        return (codec.Info.Width, codec.Info.Height);
    }

    /// <summary>
    /// Decodes an image at its own size as stored, alpha kept unpremultiplied (a transparent pixel keeps its colour).
    /// Any bit depth Skia reads (16-bit PNG, gray, palette) is converted to 8 bits per channel, and colour profiles to sRGB.
    /// </summary>
    /// <exception cref="InvalidImageException">The bytes are not a decodable PNG, JPEG or WebP image.</exception>
    public static RgbaImage DecodeRgba(ReadOnlySpan<byte> encoded, long maxPixels = DefaultMaxPixels)
    {
        if (encoded.IsEmpty)
            throw new InvalidImageException("The file is empty.");
        using var data = SKData.CreateCopy(encoded);
        using var codec = OpenCodec(data, maxPixels, out var format);
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        var rgba = new byte[4L * width * height];
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul, Srgb);
        var result = codec.GetPixels(info, rgba);
        if (result != SKCodecResult.Success)
        {
            throw new InvalidImageException(result == SKCodecResult.IncompleteInput
                ? "The image data is truncated."
                : $"The image could not be decoded ({result}).");
        }

        if (codec.EncodedOrigin is not SKEncodedOrigin.TopLeft)
            (rgba, width, height) = Upright(rgba, width, height, codec.EncodedOrigin);

        var (isGrayscale, hasAlpha) = (true, false);
        for (var i = 0; i < rgba.Length; i += 4)
        {
            isGrayscale &= rgba[i] == rgba[i + 1] && rgba[i + 1] == rgba[i + 2];
            hasAlpha |= rgba[i + 3] != 255;
        }
        return new RgbaImage(rgba, width, height, format, isGrayscale, hasAlpha);
    }

    /// <summary>Applies the EXIF orientation, as every decode does, so a phone photo comes back upright.</summary>
    private static (byte[] Rgba, int Width, int Height) Upright(byte[] rgba, int width, int height, SKEncodedOrigin origin)
    {
        using var stored = SKImage.FromPixelCopy(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul, Srgb), rgba)
            ?? throw new InvalidOperationException("Skia could not wrap the pixels.");
        using var upright = Reorient(stored, origin);
        var info = new SKImageInfo(upright.Width, upright.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul, Srgb);
        using var bitmap = new SKBitmap(info);
        using var destination = bitmap.PeekPixels();
        if (!upright.ReadPixels(destination))
            throw new InvalidOperationException("Skia could not read the reoriented pixels.");
        return (bitmap.GetPixelSpan().ToArray(), upright.Width, upright.Height);
    }
}
