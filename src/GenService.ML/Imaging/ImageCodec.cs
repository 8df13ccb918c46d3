using SkiaSharp;
using static TorchSharp.torch;

namespace GenService.ML.Imaging;

/// <summary>
/// Reads PNG, JPEG and WebP into square uint8 tensors [C, size, size] and writes tensors back out.
/// Reading centre-crops to a square, then resamples with a filter suited to the scale; writing is
/// deterministic, so the same tensor always gives the same bytes.
/// </summary>
public static partial class ImageCodec
{
    /// <summary>Above a 48-megapixel photo: a tiny file that declares a huge canvas is a decompression bomb.</summary>
    public const long DefaultMaxPixels = 50_000_000;

    // Decoding converts any embedded colour profile to sRGB, so a dataset's pixels mean one thing.
    private static readonly SKColorSpace Srgb = SKColorSpace.CreateSrgb();

    /// <summary>Decodes an image into a new uint8 tensor [channels, size, size].</summary>
    /// <exception cref="InvalidImageException">The bytes are not a decodable PNG, JPEG or WebP image.</exception>
    public static DecodedImage Decode(ReadOnlySpan<byte> encoded, int size, int channels, long maxPixels = DefaultMaxPixels)
    {
        CheckTarget(size, channels);
        var pixels = empty([channels, size, size], ScalarType.Byte);
        try
        {
            var source = DecodeInto(encoded, size, channels, pixels.bytes, maxPixels);
            return new DecodedImage(pixels, source);
        }
        catch
        {
            pixels.Dispose();
            throw;
        }
    }

    /// <inheritdoc cref="Decode(ReadOnlySpan{byte}, int, int, long)"/>
    public static DecodedImage Decode(Stream stream, int size, int channels, long maxPixels = DefaultMaxPixels)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), size, channels, maxPixels);
    }

    /// <summary>
    /// Decodes an image straight into <paramref name="destination"/>, planar [channels, size, size]:
    /// a dataset import writes each image into its slot of the dataset tensor this way.
    /// </summary>
    /// <exception cref="InvalidImageException">The bytes are not a decodable PNG, JPEG or WebP image.</exception>
    public static SourceImageInfo DecodeInto(ReadOnlySpan<byte> encoded, int size, int channels, Span<byte> destination, long maxPixels = DefaultMaxPixels)
    {
        CheckTarget(size, channels);
        if (destination.Length != channels * size * size)
            throw new ArgumentException($"The destination holds {destination.Length} bytes, not {channels}×{size}×{size}.", nameof(destination));
        if (encoded.IsEmpty)
            throw new InvalidImageException("The file is empty.");

        using var data = SKData.CreateCopy(encoded);
        using var codec = OpenCodec(data, maxPixels, out var format);
        var (width, height) = (codec.Info.Width, codec.Info.Height);

        using var decoded = DecodeScaled(codec, size);
        var isGrayscale = codec.Info.ColorType == SKColorType.Gray8 || IsGrayscale(decoded);
        using var decodedImage = SKImage.FromBitmap(decoded);
        using var reoriented = codec.EncodedOrigin is SKEncodedOrigin.TopLeft ? null : Reorient(decodedImage, codec.EncodedOrigin);
        var upright = reoriented ?? decodedImage;

        CropAndResize(upright, size, channels, destination);
        var swapsSides = SwapsSides(codec.EncodedOrigin);
        return new SourceImageInfo(format, swapsSides ? height : width, swapsSides ? width : height, isGrayscale);
    }

    /// <summary>
    /// Encodes a [C, H, W] tensor (C = 1 or 3) as PNG, JPEG or WebP. Float values are read as [0, 1]
    /// and clamped; uint8 values are taken as they are. <paramref name="quality"/> (1..100) applies to
    /// JPEG and lossy WebP; PNG is lossless.
    /// </summary>
    public static byte[] Encode(Tensor image, ImageFormat format, int quality = 90)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.dim() != 3 || image.shape[0] is not (1 or 3))
            throw new ArgumentException($"Expected an image [C, H, W] with C = 1 or 3, got [{string.Join(", ", image.shape)}].", nameof(image));

        using var scope = NewDisposeScope();
        var bytes = image.dtype == ScalarType.Byte
            ? image.detach().cpu().contiguous()
            : image.detach().cpu().to_type(ScalarType.Float32).clamp(0, 1).mul(255).round().to_type(ScalarType.Byte);
        return Encode(bytes.bytes, (int)image.shape[0], (int)image.shape[1], (int)image.shape[2], format, quality);
    }

    /// <summary>Encodes 8-bit planar pixels [C, H, W] (C = 1 or 3, or 4: RGB and unpremultiplied alpha), as the tensor
    /// overload does, without a tensor: a request's single image goes from the model's bytes to the file this way.
    /// JPEG has no alpha channel: it ignores a fourth channel.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> planar, int channels, int height, int width, ImageFormat format, int quality = 90)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (channels is not (1 or 3 or 4) || height < 1 || width < 1 || planar.Length != channels * height * width)
            throw new ArgumentException($"Expected {channels}×{height}×{width} planar bytes with 1, 3 or 4 channels, got {planar.Length} bytes.", nameof(planar));
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);

        // Skia wants interleaved pixels: gray as one byte (planar already), colour as RGBA with an opaque alpha or the image's own.
        using var skImage = channels switch
        {
            1 => SKImage.FromPixelCopy(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque), planar),
            3 => SKImage.FromPixelCopy(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque), Rgba(planar, height * width)),
            _ => SKImage.FromPixelCopy(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul), Rgba(planar, height * width, planar[(3 * height * width)..])),
        };
        if (skImage is null)
            throw new InvalidOperationException("Skia could not wrap the pixels.");
        using var pixmap = skImage.PeekPixels();
        using var encoded = EncodePixmap(pixmap, format, quality)
            ?? throw new InvalidOperationException($"Skia could not encode the image as {format}.");
        return encoded.ToArray();
    }

    /// <param name="alpha">The alpha plane; opaque when empty.</param>
    private static byte[] Rgba(ReadOnlySpan<byte> planar, int pixelCount, ReadOnlySpan<byte> alpha = default)
    {
        var rgba = new byte[4 * pixelCount];
        var red = planar[..pixelCount];
        var green = planar.Slice(pixelCount, pixelCount);
        var blue = planar.Slice(2 * pixelCount, pixelCount);
        for (var i = 0; i < pixelCount; i++)
        {
            rgba[4 * i] = red[i];
            rgba[(4 * i) + 1] = green[i];
            rgba[(4 * i) + 2] = blue[i];
            rgba[(4 * i) + 3] = alpha.IsEmpty ? (byte)255 : alpha[i];
        }
        return rgba;
    }

    /// <remarks>PNG rows are all Paeth-filtered rather than each row trying the five filters: a 64x64
    /// photo crop encodes in 116 instead of 183 µs on the project's VM, and the PNGs under
    /// tests/GenService.Benchmarks/results change by −1.4 to +4.4 % (the benchmark's <c>png</c> command).</remarks>
    private static SKData? EncodePixmap(SKPixmap pixmap, ImageFormat format, int quality)
    {
        if (format == ImageFormat.Png)
            return pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Paeth, zLibLevel: 6));
        if (format == ImageFormat.Jpeg)
            return pixmap.Encode(new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore));
        return pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, quality));
    }

    /// <summary>Opens a PNG, JPEG or WebP codec over <paramref name="data"/>, refusing other formats and canvases over <paramref name="maxPixels"/>.</summary>
    private static SKCodec OpenCodec(SKData data, long maxPixels, out ImageFormat format)
    {
        var codec = SKCodec.Create(data) ?? throw new InvalidImageException("The data is not a PNG, JPEG or WebP image.");
        try
        {
            format = ImageFormat.FromEncoded(codec.EncodedFormat)
                ?? throw new InvalidImageException($"{codec.EncodedFormat} images are not accepted: use PNG, JPEG or WebP.");
            var (width, height) = (codec.Info.Width, codec.Info.Height);
            if (width <= 0 || height <= 0)
                throw new InvalidImageException("The image has no pixels.");
            if ((long)width * height > maxPixels)
                throw new InvalidImageException($"The image is {width}×{height} pixels, more than the {maxPixels} allowed.");
            return codec;
        }
        catch
        {
            codec.Dispose();
            throw;
        }
    }

    private static void CheckTarget(int size, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (channels is not (1 or 3))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Images have 1 or 3 channels.");
    }

    /// <summary>
    /// Decodes to RGBA, letting JPEG and WebP decode at a reduced scale when the image is far larger
    /// than needed (much faster); twice the target side is kept so the final resample still filters.
    /// </summary>
    private static SKBitmap DecodeScaled(SKCodec codec, int size)
    {
        var dimensions = codec.Info.Size;
        var shortSide = Math.Min(dimensions.Width, dimensions.Height);
        if (shortSide > 2 * size)
        {
            var scaled = codec.GetScaledDimensions(2f * size / shortSide);
            if (scaled.Width > 0 && scaled.Height > 0 && scaled.Width < dimensions.Width)
                dimensions = scaled;
        }

        var info = new SKImageInfo(dimensions.Width, dimensions.Height, SKColorType.Rgba8888, SKAlphaType.Premul, Srgb);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result == SKCodecResult.Success)
        {
            bitmap.SetImmutable();
            return bitmap;
        }

        bitmap.Dispose();
        throw new InvalidImageException(result == SKCodecResult.IncompleteInput
            ? "The image data is truncated."
            : $"The image could not be decoded ({result}).");
    }

    private static bool IsGrayscale(SKBitmap rgba)
    {
        var pixels = rgba.GetPixelSpan();
        for (var i = 0; i < pixels.Length; i += 4)
        {
            if (pixels[i] != pixels[i + 1] || pixels[i + 1] != pixels[i + 2])
                return false;
        }
        return true;
    }

    private static bool SwapsSides(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>Applies the EXIF orientation, so a phone photo taken upright is stored upright.</summary>
    private static SKImage Reorient(SKImage image, SKEncodedOrigin origin)
    {
        var (w, h) = (image.Width, image.Height);
        var swapsSides = SwapsSides(origin);
        var info = new SKImageInfo(swapsSides ? h : w, swapsSides ? w : h, SKColorType.Rgba8888, SKAlphaType.Premul, Srgb);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException("Skia could not allocate a surface.");
        // Skia's SkEncodedOriginToMatrix: maps stored pixels to displayed pixels (a flip or quarter turn).
        var matrix = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
            _ => SKMatrix.Identity,
        };
        surface.Canvas.SetMatrix(matrix);
        surface.Canvas.DrawImage(image, 0, 0);
        return surface.Snapshot();
    }

    /// <summary>Centre square crop, resampled to size×size over opaque black (transparent pixels become
    /// black, as with premultiplied alpha), then written planar, as gray (Rec. 601 luma) or RGB.</summary>
    private static void CropAndResize(SKImage image, int size, int channels, Span<byte> destination)
    {
        var side = Math.Min(image.Width, image.Height);
        using var crop = image.Subset(SKRectI.Create((image.Width - side) / 2, (image.Height - side) / 2, side, side))
            ?? throw new InvalidOperationException("Skia could not crop the image.");
        var info = new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul, Srgb);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException("Skia could not allocate a surface.");
        surface.Canvas.Clear(SKColors.Black);
        surface.Canvas.DrawImage(crop, SKRect.Create(size, size), SamplingFor(side, size));
        using var pixmap = surface.PeekPixels();
        WritePlanar(pixmap.GetPixelSpan(), size * size, channels, destination);
    }

    /// <summary>
    /// Same size: copy pixels exactly. Shrinking by more than half: trilinear mipmaps, which average
    /// every source pixel (cubic alone would skip most of them and alias). Otherwise Mitchell cubic.
    /// </summary>
    private static SKSamplingOptions SamplingFor(int sourceSide, int size)
    {
        if (sourceSide == size)
            return new SKSamplingOptions(SKFilterMode.Nearest, SKMipmapMode.None);
        if (sourceSide > 2 * size)
            return new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
        return new SKSamplingOptions(SKCubicResampler.Mitchell);
    }

    private static void WritePlanar(ReadOnlySpan<byte> rgba, int pixelCount, int channels, Span<byte> destination)
    {
        if (channels == 3)
        {
            var red = destination[..pixelCount];
            var green = destination.Slice(pixelCount, pixelCount);
            var blue = destination.Slice(2 * pixelCount, pixelCount);
            for (var i = 0; i < pixelCount; i++)
            {
                red[i] = rgba[4 * i];
                green[i] = rgba[(4 * i) + 1];
                blue[i] = rgba[(4 * i) + 2];
            }
            return;
        }

        // ITU-R 601 luma, as PIL's convert("L"): a gray pixel keeps its value exactly.
        for (var i = 0; i < pixelCount; i++)
            destination[i] = (byte)(((299 * rgba[4 * i]) + (587 * rgba[(4 * i) + 1]) + (114 * rgba[(4 * i) + 2]) + 500) / 1000);
    }
}
