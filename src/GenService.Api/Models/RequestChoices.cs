using System.Text.Json.Serialization;
using GenService.Api.Infrastructure;
using GenService.Api.Inference;
using GenService.ML.Families;
using GenService.ML.Imaging;

namespace GenService.Api.Models;

// The fixed choices of the generation requests, so that the API document lists the allowed names. The JSON
// names and aliases are the spellings the routes took when these were strings; case is ignored.

/// <summary>File format of a still image.</summary>
public enum ImageFormatName
{
    [JsonStringEnumMemberName("png"), JsonEnumAliases("image/png")] Png,
    [JsonStringEnumMemberName("jpeg"), JsonEnumAliases("jpg", "image/jpeg", "image/jpg")] Jpeg,
    [JsonStringEnumMemberName("webp"), JsonEnumAliases("image/webp")] Webp,
}

/// <summary>How several frames come back: one still grid image in a format, or a looping GIF animation.</summary>
public enum FramesFormatName
{
    [JsonStringEnumMemberName("png"), JsonEnumAliases("image/png")] Png,
    [JsonStringEnumMemberName("jpeg"), JsonEnumAliases("jpg", "image/jpeg", "image/jpg")] Jpeg,
    [JsonStringEnumMemberName("webp"), JsonEnumAliases("image/webp")] Webp,
    [JsonStringEnumMemberName("gif"), JsonEnumAliases("image/gif")] Gif,
}

public enum SampleLayout
{
    /// <summary>All images tiled into one.</summary>
    [JsonStringEnumMemberName("grid")] Grid,

    /// <summary>One image, alone.</summary>
    [JsonStringEnumMemberName("single")] Single,
}

/// <summary>The path of a latent walk.</summary>
public enum LatentPath
{
    [JsonStringEnumMemberName("slerp")] Slerp,
    [JsonStringEnumMemberName("lerp")] Lerp,
}

/// <summary>The latent space a walk goes through.</summary>
public enum LatentSpace
{
    [JsonStringEnumMemberName("z")] Z,
    [JsonStringEnumMemberName("w")] W,
}

/// <summary>StyleGAN's style groups, by the resolution of the layers they drive.</summary>
public enum StyleGroup
{
    [JsonStringEnumMemberName("coarse")] Coarse,
    [JsonStringEnumMemberName("middle")] Middle,
    [JsonStringEnumMemberName("fine")] Fine,
}

/// <summary>Which stage of a text-to-image model draws: I at the dataset's size, II at twice it.</summary>
public enum TextToImageStageName
{
    [JsonStringEnumMemberName("I"), JsonEnumAliases("1")] I,
    [JsonStringEnumMemberName("II"), JsonEnumAliases("2")] II,
}

public static class RequestChoices
{
    public static ImageFormat ToImageFormat(this ImageFormatName name) => name switch
    {
        ImageFormatName.Png => ImageFormat.Png,
        ImageFormatName.Jpeg => ImageFormat.Jpeg,
        ImageFormatName.Webp => ImageFormat.Webp,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    public static ImageOutput ToImageOutput(this FramesFormatName name) => name switch
    {
        FramesFormatName.Png => ImageOutput.Still(ImageFormat.Png),
        FramesFormatName.Jpeg => ImageOutput.Still(ImageFormat.Jpeg),
        FramesFormatName.Webp => ImageOutput.Still(ImageFormat.Webp),
        FramesFormatName.Gif => ImageOutput.Animation,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    public static InterpolationPath ToInterpolationPath(this LatentPath path) =>
        path == LatentPath.Lerp ? InterpolationPath.Linear : InterpolationPath.Spherical;

    public static TextToImageStage ToStage(this TextToImageStageName stage) => stage == TextToImageStageName.I ? TextToImageStage.I : TextToImageStage.II;

    public static TextToImageStageName ToName(this TextToImageStage stage) => stage == TextToImageStage.I ? TextToImageStageName.I : TextToImageStageName.II;

    /// <summary>The group's name as <see cref="StyleSelection.Groups"/> knows it.</summary>
    public static string ToGroupName(this StyleGroup group) => group.ToString().ToLowerInvariant();
}
