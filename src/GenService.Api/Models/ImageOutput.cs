using GenService.Api.Infrastructure;
using GenService.ML.Imaging;

namespace GenService.Api.Models;

/// <summary>What a route that makes several frames returns: one still image (a grid) in an image format,
/// or the frames as a looping GIF animation.</summary>
/// <param name="Format">The still image's format; null for an animation.</param>
public sealed record ImageOutput(ImageFormat? Format)
{
    public static ImageOutput Animation { get; } = new((ImageFormat?)null);

    public static ImageOutput Still(ImageFormat format) => new(format);

    /// <summary>"png", "jpeg", "webp" (and the other names <see cref="ImageFormat.TryParse"/> takes), or "gif".</summary>
    public static ImageOutput? Parse(string? name)
    {
        if (ImageFormat.TryParse(name, out var format))
            return Still(format);
        return name?.Trim().ToLowerInvariant() is "gif" or AnimatedGif.ContentType ? Animation : null;
    }

    public static ServiceError UnknownFormat() => ServiceError.Invalid("format", "Must be png, jpeg or webp (a grid), or gif (an animation).");
}
