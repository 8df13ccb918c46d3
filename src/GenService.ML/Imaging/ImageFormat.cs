using System.Diagnostics.CodeAnalysis;
using SkiaSharp;

namespace GenService.ML.Imaging;

/// <summary>The image formats the service reads and writes: PNG, JPEG and WebP.</summary>
public sealed class ImageFormat
{
    public static readonly ImageFormat Png = new("png", "image/png", ".png", SKEncodedImageFormat.Png);
    public static readonly ImageFormat Jpeg = new("jpeg", "image/jpeg", ".jpg", SKEncodedImageFormat.Jpeg);
    public static readonly ImageFormat Webp = new("webp", "image/webp", ".webp", SKEncodedImageFormat.Webp);

    public static IReadOnlyList<ImageFormat> All { get; } = [Png, Jpeg, Webp];

    private ImageFormat(string name, string contentType, string fileExtension, SKEncodedImageFormat encodedFormat)
    {
        Name = name;
        ContentType = contentType;
        FileExtension = fileExtension;
        EncodedFormat = encodedFormat;
    }

    /// <summary>Lower-case name as the API spells it: "png", "jpeg" or "webp".</summary>
    public string Name { get; }

    public string ContentType { get; }

    /// <summary>The usual file extension, with its dot.</summary>
    public string FileExtension { get; }

    internal SKEncodedImageFormat EncodedFormat { get; }

    /// <summary>Reads "png", "jpeg", "jpg", "webp" or a content type such as "image/png", in any case.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out ImageFormat? format)
    {
        format = text?.Trim().ToUpperInvariant() switch
        {
            "PNG" or "IMAGE/PNG" => Png,
            "JPEG" or "JPG" or "IMAGE/JPEG" or "IMAGE/JPG" => Jpeg,
            "WEBP" or "IMAGE/WEBP" => Webp,
            _ => null,
        };
        return format is not null;
    }

    /// <summary>The format a file name's extension implies (.png, .jpg, .jpeg, .webp), or null.</summary>
    public static ImageFormat? FromFileName(string fileName) =>
        Path.GetExtension(fileName).ToUpperInvariant() switch
        {
            ".PNG" => Png,
            ".JPG" or ".JPEG" => Jpeg,
            ".WEBP" => Webp,
            _ => null,
        };

    internal static ImageFormat? FromEncoded(SKEncodedImageFormat encoded) =>
        All.FirstOrDefault(format => format.EncodedFormat == encoded);

    public override string ToString() => Name;
}
