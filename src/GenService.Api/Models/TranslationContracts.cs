using System.Text.Json.Serialization;
using GenService.ML.Families;

namespace GenService.Api.Models;

/// <summary>Which way a CycleGAN model translates.</summary>
public enum TranslationDirectionName
{
    /// <summary>From domain A to domain B (G_AB).</summary>
    [JsonStringEnumMemberName("a-to-b")] AToB,

    /// <summary>From domain B to domain A (G_BA).</summary>
    [JsonStringEnumMemberName("b-to-a")] BToA,
}

public static class TranslationDirectionNames
{
    public static TranslationDirection ToDirection(this TranslationDirectionName name) => name switch
    {
        TranslationDirectionName.AToB => TranslationDirection.AToB,
        TranslationDirectionName.BToA => TranslationDirection.BToA,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    public static TranslationDirectionName ToName(this TranslationDirection direction) => direction switch
    {
        TranslationDirection.AToB => TranslationDirectionName.AToB,
        TranslationDirection.BToA => TranslationDirectionName.BToA,
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, null),
    };
}

/// <summary>Translate an item of the model's training dataset rather than an uploaded image.</summary>
/// <param name="DatasetIndex">Item of the model's training dataset (0 to its item count − 1) whose input to translate:
/// for a pix2pix model trained on derived pairs, that image's edges or grayscale, made as in training.</param>
/// <param name="Seed">Seed of the model's noise (pix2pix: its dropout); the same seed always gives the same bytes. Default 0.</param>
/// <param name="Format">png (default), jpeg or webp.</param>
/// <param name="Checkpoint">Weights to use: "final" (default, Ready models only), "latest" (the newest checkpoint, also while the model trains) or a checkpoint's step such as "400".</param>
/// <param name="Direction">CycleGAN models only: a-to-b (the default) or b-to-a. Models of one direction (pix2pix) answer 400 when it is given.</param>
/// <param name="RoundTrip">CycleGAN models only: true to translate the image into the other domain and back (A → B → A for a-to-b), which shows
/// how much of the image survives the cycle. Default false; true for a model of one direction (pix2pix) answers 400.</param>
public sealed record TranslateRequest(
    long DatasetIndex = 0,
    long Seed = 0,
    ImageFormatName Format = ImageFormatName.Png,
    string? Checkpoint = null,
    TranslationDirectionName? Direction = null,
    bool RoundTrip = false);

/// <summary>Which way to translate: null and false for a one-way translator's only way; otherwise a two-way translator's
/// direction (a-to-b when null) and whether to come back.</summary>
public sealed record TranslationWay(TranslationDirection? Direction, bool RoundTrip)
{
    public static TranslationWay Default { get; } = new(null, false);
}

/// <summary>What a translation is made from: an uploaded file, or an item of the model's dataset.</summary>
/// <param name="Upload">The encoded image; null when <paramref name="DatasetIndex"/> is given.</param>
public sealed record TranslationSource(byte[]? Upload, long? DatasetIndex)
{
    public static TranslationSource FromUpload(byte[] encoded) => new(encoded, null);

    public static TranslationSource FromDataset(long index) => new(null, index);
}

/// <summary>A translated image, and how its input was made from what the client sent.</summary>
public sealed record TranslatedImage(GeneratedImage Image, string InputConversion);
