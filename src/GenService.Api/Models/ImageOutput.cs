using GenService.ML.Imaging;

namespace GenService.Api.Models;

/// <summary>What a route that makes several frames returns: one still image (a grid) in an image format,
/// or the frames as a looping GIF animation.</summary>
/// <param name="Format">The still image's format; null for an animation.</param>
public sealed record ImageOutput(ImageFormat? Format)
{
    public static ImageOutput Animation { get; } = new((ImageFormat?)null);

    public static ImageOutput Still(ImageFormat format) => new(format);
}
