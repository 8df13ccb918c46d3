namespace GenService.Api.Models;

/// <summary>Translate an item of the model's training dataset rather than an uploaded image.</summary>
/// <param name="DatasetIndex">Item of the model's training dataset (0 to its item count − 1) whose input to translate:
/// for a pix2pix model trained on derived pairs, that image's edges or grayscale, made as in training.</param>
/// <param name="Seed">Seed of the model's noise (pix2pix: its dropout); the same seed always gives the same bytes. Default 0.</param>
/// <param name="Format">png (default), jpeg or webp.</param>
/// <param name="Checkpoint">Weights to use: "final" (default, Ready models only), "latest" (the newest checkpoint, also while the model trains) or a checkpoint's step such as "400".</param>
public sealed record TranslateRequest(long DatasetIndex = 0, long Seed = 0, ImageFormatName Format = ImageFormatName.Png, string? Checkpoint = null);

/// <summary>What a translation is made from: an uploaded file, or an item of the model's dataset.</summary>
/// <param name="Upload">The encoded image; null when <paramref name="DatasetIndex"/> is given.</param>
public sealed record TranslationSource(byte[]? Upload, long? DatasetIndex)
{
    public static TranslationSource FromUpload(byte[] encoded) => new(encoded, null);

    public static TranslationSource FromDataset(long index) => new(null, index);
}

/// <summary>A translated image, and how its input was made from what the client sent.</summary>
public sealed record TranslatedImage(GeneratedImage Image, string InputConversion);
