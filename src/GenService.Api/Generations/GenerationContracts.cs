using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using GenService.Api.Entities;
using GenService.Api.Inference;
using GenService.Api.Models;
using GenService.ML.Families;

namespace GenService.Api.Generations;

/// <summary>What each image of a generation is.</summary>
public enum GenerationOperationName
{
    /// <summary>Image i is the sample of seed + i.</summary>
    [JsonStringEnumMemberName("sample")] Sample,

    /// <summary>Image i is the translation of dataset item firstDatasetIndex + i with seed + i.</summary>
    [JsonStringEnumMemberName("translate")] Translate,

    /// <summary>Image i is the label map of dataset item firstDatasetIndex + i rendered in seed + i's random style, or in the style image's.</summary>
    [JsonStringEnumMemberName("label-map-to-image")] LabelMapToImage,

    /// <summary>Image i is drawn from the prompt with seed + i.</summary>
    [JsonStringEnumMemberName("text-to-image")] TextToImage,
}

/// <param name="Operation">sample (default): draw images from seeds. translate (pix2pix models): translate items of the model's
/// training dataset, from firstDatasetIndex on. label-map-to-image (SPADE models): render the label maps of the model's training
/// dataset, from firstDatasetIndex on, each in a random style drawn from its seed or in the style image's. text-to-image (textgan models):
/// draw the prompt, image i with seed + i.</param>
/// <param name="Count">Images to generate, 1 to Generations:MaxImages (4096 by default). Image i uses seed + i: it is the image a synchronous sample of seed + i returns,
/// or, when translating, what POST /v1/models/{id}/translate returns for {"datasetIndex": firstDatasetIndex + i, "seed": seed + i}, or, when
/// rendering label maps, what POST /v1/models/{id}/label-map-to-image returns for map firstDatasetIndex + i (GET /v1/models/{id}/label-maps/{index}) with seed + i
/// (and the style image, if there is one), or, when drawing a prompt, what POST /v1/models/{id}/text-to-image returns for
/// {"prompt": prompt, "seed": seed + i, "stage": stage}.</param>
/// <param name="Seed">Seed of the first image. Default 0.</param>
/// <param name="FirstDatasetIndex">translate and label-map-to-image only: the dataset item of image 0 (default 0); items firstDatasetIndex to firstDatasetIndex + count − 1 must exist.</param>
/// <param name="Format">File format of the stored images: png (default), jpeg or webp.</param>
/// <param name="Checkpoint">Weights to use: "final" (default, Ready models only), "latest" (the newest checkpoint, also while the model trains) or a checkpoint's step such as "400". Fixed when the generation is created.</param>
/// <param name="Truncation">StyleGAN models only: the truncation ψ, from -1 to 1, as for samples.</param>
/// <param name="Direction">translate with CycleGAN models only: a-to-b (the default) or b-to-a, as for POST /v1/models/{id}/translate.</param>
/// <param name="RoundTrip">translate with CycleGAN models only: true to translate each item there and back. Default false.</param>
/// <param name="Style">label-map-to-image only: an image (PNG, JPEG or WebP), base64-encoded, whose style to render every map in, as the style field of
/// POST /v1/models/{id}/label-map-to-image (centre-cropped and resized to the model's size; seed + i draws the spread around its style). Its file is limited to
/// Inference:MaxImageUploadBytes. Default none: each map in seed + i's random style.</param>
/// <param name="Prompt">text-to-image only, and needed there: what to draw, any Unicode text of 1 to 77 tokens (cl100k_base), as the prompt of
/// POST /v1/models/{id}/text-to-image.</param>
/// <param name="Stage">text-to-image only: II (default), the refined image at twice the dataset's size; I: stage I's, at the dataset's size.</param>
/// <param name="WebhookUrl">Absolute http or https URL the service POSTs the finished generation to (JSON, as GET /v1/generations/{id} shows it), retried with backoff until it answers 2xx.
/// Each call is signed as the Standard Webhooks specification says (webhook-id, webhook-timestamp and webhook-signature headers). The call comes from the server, so the URL must be reachable
/// from there; redirects are not followed. Loopback, private, link-local, multicast and unspecified addresses are refused (unless the operator allows their range), when given here (400) and again when the call connects.</param>
public sealed record GenerationRequest(
    int Count = 64,
    long Seed = 0,
    ImageFormatName Format = ImageFormatName.Png,
    string? Checkpoint = null,
    double? Truncation = null,
    string? WebhookUrl = null,
    GenerationOperationName Operation = GenerationOperationName.Sample,
    long? FirstDatasetIndex = null,
    TranslationDirectionName? Direction = null,
    bool RoundTrip = false,
    string? Style = null,
    string? Prompt = null,
    TextToImageStageName? Stage = null);

public static class GenerationOperationNames
{
    public static GenerationOperation ToOperation(this GenerationOperationName name) => name switch
    {
        GenerationOperationName.Sample => GenerationOperation.Sample,
        GenerationOperationName.Translate => GenerationOperation.Translate,
        GenerationOperationName.LabelMapToImage => GenerationOperation.LabelMapToImage,
        GenerationOperationName.TextToImage => GenerationOperation.TextToImage,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    /// <summary>The name the API uses, e.g. "label-map-to-image".</summary>
    public static string ToName(this GenerationOperation operation) => JsonNamingPolicy.KebabCaseLower.ConvertName(operation.ToString());

    /// <summary>Whether image i is made from dataset item firstDatasetIndex + i.</summary>
    public static bool ReadsDatasetItems(this GenerationOperationName name) => name is GenerationOperationName.Translate or GenerationOperationName.LabelMapToImage;

    /// <summary>What the model's family must declare for the operation.</summary>
    public static ModelCapability Needs(this GenerationOperationName name, double? truncation) => name switch
    {
        GenerationOperationName.Translate => ModelCapability.Translate,
        GenerationOperationName.LabelMapToImage => ModelCapability.LabelMapToImage,
        GenerationOperationName.TextToImage => ModelCapability.TextToImage,
        _ => SampleWork.CapabilityFor(truncation),
    };
}

public sealed record GenerationResponse(
    Guid Id,
    Guid ModelId,
    [property: Description("Queued, Running, Succeeded or Failed.")] string Status,
    [property: Description("sample, translate, label-map-to-image or text-to-image.")] string Operation,
    int Count,
    long Seed,
    [property: Description("translate and label-map-to-image only: the dataset item of image 0.")] long? FirstDatasetIndex,
    double? Truncation,
    [property: Description("translate with CycleGAN models only: a-to-b or b-to-a; null otherwise.")] TranslationDirectionName? Direction,
    [property: Description("translate with CycleGAN models only: whether each item is translated there and back.")] bool RoundTrip,
    [property: Description("label-map-to-image only: whether the maps are rendered in the style of a style image sent with the request (kept with the generation, not shown).")] bool HasStyle,
    [property: Description("text-to-image only: the prompt drawn.")] string? Prompt,
    [property: Description("text-to-image only: the stage that draws, I or II.")] TextToImageStageName? Stage,
    string Format,
    [property: Description("\"final\", or the step of the checkpoint the images come from (\"latest\" is resolved when the generation is created).")] string Checkpoint,
    [property: Description("Images stored so far.")] int CompletedImages,
    [property: Description("Links to the stored images so far, image i at index i.")] IReadOnlyList<string> ImageUrls,
    string? Error,
    string? WebhookUrl,
    [property: Description("Pending, Delivered or Failed; absent without a webhook.")] string? WebhookStatus,
    [property: Description("Calls of the webhook made so far, the first included.")] int WebhookAttempts,
    [property: Description("HTTP status the last call of the webhook was answered with; absent when it got no answer.")] int? WebhookLastStatusCode,
    [property: Description("Why the last call of the webhook failed: no answer in time, a status other than 2xx, or a destination refused "
        + "(loopback, private, link-local, multicast or unspecified addresses are not called).")] string? WebhookLastError,
    [property: Description("When the webhook answered 2xx.")] DateTime? WebhookDeliveredAt,
    [property: Description("X-Request-Id of the request that created it.")] string? RequestId,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    string Url);
