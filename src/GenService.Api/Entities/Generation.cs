using GenService.Api.Jobs;
using GenService.ML.Families;

namespace GenService.Api.Entities;

/// <summary>An asynchronous generation: many images of one model, computed by a job and stored as files.</summary>
public sealed class Generation : ILeasedRecord
{
    public Guid Id { get; set; }

    /// <summary>The account it belongs to: its model's (the caller's, unless an admin created it for the model's account).
    /// Its webhook secret signs the generation's webhook call.</summary>
    public Guid AccountId { get; set; }

    public Guid ModelId { get; set; }

    public GenerativeModel? Model { get; set; }

    public GenerationStatus Status { get; set; }

    public GenerationOperation Operation { get; set; }

    /// <summary>Images asked for; image i is the image of seed Seed + i (of dataset item FirstDatasetIndex + i when translating).</summary>
    public int ImageCount { get; set; }

    public long Seed { get; set; }

    /// <summary>Translations only: the dataset item of image 0.</summary>
    public long? FirstDatasetIndex { get; set; }

    /// <summary>StyleGAN's truncation ψ, or null for plain samples.</summary>
    public double? Truncation { get; set; }

    /// <summary>Translations of a two-way translator (CycleGAN) only: the direction asked for; null for the model's only way.</summary>
    public TranslationDirection? Direction { get; set; }

    /// <summary>Translations of a two-way translator only: each item translated there and back.</summary>
    public bool RoundTrip { get; set; }

    /// <summary>Label maps only: the style image at the model's shape, 8-bit [C, H, W] row-major, as it was decoded, centre-cropped
    /// and resized when the generation was created; null for each seed's random style.</summary>
    public byte[]? Style { get; set; }

    /// <summary>Text to image only: the prompt as it was sent (the model normalises it when drawing).</summary>
    public string? Prompt { get; set; }

    /// <summary>Text to image only: the stage that draws.</summary>
    public TextToImageStage? Stage { get; set; }

    /// <summary>File format of the stored images: "png", "jpeg" or "webp".</summary>
    public required string Format { get; set; }

    /// <summary>The checkpoint the images come from, fixed when the generation is created; null for the final model.</summary>
    public long? CheckpointStep { get; set; }

    /// <summary>Images stored so far, in seed order; a resumed job carries on from here.</summary>
    public int CompletedImages { get; set; }

    /// <summary>Called with the generation (POST, JSON) once it has finished.</summary>
    public string? WebhookUrl { get; set; }

    public WebhookStatus? WebhookStatus { get; set; }

    public int WebhookAttempts { get; set; }

    /// <summary>HTTP status the last call was answered with; null when it got no answer.</summary>
    public int? WebhookLastStatusCode { get; set; }

    /// <summary>Why the last call failed: no answer in time, a status other than 2xx, or a refused destination.</summary>
    public string? WebhookLastError { get; set; }

    public DateTime? WebhookDeliveredAt { get; set; }

    public string? Error { get; set; }

    /// <summary>The Hangfire job computing it.</summary>
    public string? JobId { get; set; }

    /// <summary>Which worker holds it, and until when (<see cref="Jobs.RecordLeases"/>): another job takes it over
    /// only once the lease has lapsed, so it is never generated twice at once, and a dead worker's is resumed.</summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseExpiresAt { get; set; }

    /// <summary>Id of the request that created it, so its job's log lines can be found from it.</summary>
    public string? RequestId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
