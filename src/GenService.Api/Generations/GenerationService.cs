using System.Globalization;
using System.Net;
using GenService.Api.Entities;
using GenService.Api.Inference;
using GenService.Api.Infrastructure;
using GenService.Api.Models;
using GenService.Api.Quotas;
using GenService.Api.Webhooks;
using GenService.ML.Families;
using GenService.ML.Imaging;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GenService.Api.Generations;

/// <summary>Creates, shows and lists asynchronous generations; the images are made by <see cref="GenerationJob"/>.</summary>
public sealed class GenerationService(
    GenServiceDbContext db,
    ServableModels servable,
    ModelFamilyCatalog families,
    TranslationInputs translationInputs,
    LabelMapService labelMaps,
    IBackgroundJobClient jobs,
    WebhookDestinationPolicy destinations,
    IOptions<GenerationOptions> options,
    IOptions<InferenceOptions> inference,
    IOptions<StorageOptions> storage,
    QuotaService quotas,
    TimeProvider clock)
{
    public const int MaxWebhookUrlLength = 2000;

    /// <param name="callerAccountId">The account of the key that asks, whose quota bounds the images; null for the operator's keys.</param>
    public async Task<ServiceResult<GenerationResponse>> CreateAsync(
        Guid modelId, GenerationRequest request, Guid? callerAccountId, string requestId, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (request.Count < 1 || request.Count > options.Value.MaxImages)
            errors.Add("count", $"Must be between 1 and {options.Value.MaxImages}.");
        var fromDataset = request.Operation.ReadsDatasetItems();
        if (request.Truncation is { } truncation)
            errors.Add(request.Operation != GenerationOperationName.Sample
                ? ServiceError.Invalid("truncation", "Truncation applies to samples of StyleGAN models, not to translations, label maps or prompts.")
                : ModelService.CheckTruncation(truncation));
        if (!fromDataset && request.FirstDatasetIndex is not null)
            errors.Add("firstDatasetIndex", "Applies to translations and label maps (\"operation\": \"translate\" or \"label-map-to-image\"); samples are drawn from seeds.");
        var translate = request.Operation == GenerationOperationName.Translate;
        if (!translate && request.Direction is not null)
            errors.Add("direction", "Applies to translations (\"operation\": \"translate\") of CycleGAN models.");
        if (!translate && request.RoundTrip)
            errors.Add("roundTrip", "Applies to translations (\"operation\": \"translate\") of CycleGAN models.");
        var drawsPrompt = request.Operation == GenerationOperationName.TextToImage;
        if (drawsPrompt)
            errors.Add(TextToImageService.CheckPrompt(request.Prompt));
        else if (request.Prompt is not null)
            errors.Add("prompt", "Applies to prompts (\"operation\": \"text-to-image\") of textgan models.");
        if (!drawsPrompt && request.Stage is not null)
            errors.Add("stage", "Applies to prompts (\"operation\": \"text-to-image\") of textgan models.");
        var encodedStyle = request.Style is null ? null : DecodeStyle(request.Style, request.Operation, errors);
        if (request.WebhookUrl is { } webhook && CheckWebhookUrl(webhook) is { } reason)
            errors.Add("webhookUrl", reason);
        errors.Add(ModelService.CheckCheckpoint(request.Checkpoint));
        if (errors.ToError() is { } invalid)
            return invalid;
        if (await quotas.CheckImagesPerGenerationAsync(callerAccountId, request.Count, cancellationToken) is { } overQuota)
            return overQuota;
        var model = await servable.FindAsync(modelId, request.Checkpoint, cancellationToken);
        if (model.Error is not null)
            return model.Error;
        // Checked now, not when the job runs: a request the job would refuse must not be accepted.
        if (CapabilityCheck.Require(families, model.Value!.Architecture, request.Operation.Needs(request.Truncation)) is { } unsupported)
            return unsupported;
        var direction = request.Direction?.ToDirection();
        if (translate && CapabilityCheck.Require(families, model.Value.Architecture, TranslateWork.CapabilityFor(direction, request.RoundTrip)) is { } oneWay)
            return ServiceError.Invalid(direction is null ? "roundTrip" : "direction", oneWay.Detail);
        var firstDatasetIndex = fromDataset ? request.FirstDatasetIndex ?? 0 : (long?)null;
        if (firstDatasetIndex is { } first
            && await translationInputs.CheckDatasetItemsAsync(modelId, first, request.Count, "firstDatasetIndex", cancellationToken) is { } missingItems)
            return missingItems;
        byte[]? style = null;
        if (encodedStyle is not null)
        {
            var read = await labelMaps.StylePixelsAsync(modelId, encodedStyle, cancellationToken);
            if (read.Error is not null)
                return read.Error;
            style = read.Value;
        }

        // The model's account, which is the caller's unless an admin generates with an account's model for it.
        if (await db.Models.Where(m => m.Id == modelId).Select(m => (Guid?)m.AccountId).FirstOrDefaultAsync(cancellationToken) is not { } accountId)
            return ServiceError.NotFound($"Model {modelId} does not exist.");
        var now = clock.GetUtcNow().UtcDateTime;
        var generation = new Generation
        {
            Id = Guid.NewGuid(),
            AccountId = accountId,
            ModelId = modelId,
            Status = GenerationStatus.Queued,
            Operation = request.Operation.ToOperation(),
            FirstDatasetIndex = firstDatasetIndex,
            ImageCount = request.Count,
            Seed = request.Seed,
            Truncation = request.Truncation,
            Direction = direction,
            RoundTrip = request.RoundTrip,
            Style = style,
            Prompt = drawsPrompt ? request.Prompt : null,
            Stage = drawsPrompt ? (request.Stage ?? TextToImageStageName.II).ToStage() : null,
            Format = request.Format.ToImageFormat().Name,
            CheckpointStep = model.Value!.CheckpointStep,
            WebhookUrl = request.WebhookUrl,
            WebhookStatus = request.WebhookUrl is null ? null : WebhookStatus.Pending,
            RequestId = requestId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Generations.Add(generation);
        await db.SaveChangesAsync(cancellationToken);

        // Enqueued after the row exists, so the job always finds its generation.
        generation.JobId = Enqueue(jobs, generation.Id);
        await db.SaveChangesAsync(cancellationToken);
        return ToResponse(generation);
    }

    public static string Enqueue(IBackgroundJobClient jobs, Guid generationId) =>
        jobs.Create<GenerationJob>(job => job.RunAsync(generationId, CancellationToken.None), new EnqueuedState(GenerationJob.Queue));

    public async Task<GenerationResponse?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Generations.AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, cancellationToken) is { } generation ? ToResponse(generation) : null;

    /// <returns>The model's generations, newest first; null when the model does not exist.</returns>
    public async Task<IReadOnlyList<GenerationResponse>?> ListAsync(Guid modelId, int limit, CancellationToken cancellationToken)
    {
        if (!await db.Models.AnyAsync(m => m.Id == modelId, cancellationToken))
            return null;
        var generations = await db.Generations.AsNoTracking()
            .Where(g => g.ModelId == modelId)
            .OrderByDescending(g => g.CreatedAt)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return generations.Select(ToResponse).ToList();
    }

    /// <returns>Image <paramref name="index"/> of the generation, or NotFound (no such generation, or not stored yet).</returns>
    public async Task<ServiceResult<GeneratedImage>> ImageAsync(Guid id, int index, CancellationToken cancellationToken)
    {
        var generation = await db.Generations.AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, cancellationToken);
        if (generation is null)
            return ServiceError.NotFound($"Generation {id} does not exist.");
        if (index < 0 || index >= generation.ImageCount)
            return ServiceError.NotFound($"Generation {id} has images 0 to {generation.ImageCount - 1}.");
        var format = Format(generation);
        var path = storage.Value.Resolve(ImageLocation(generation.Id, index, format));
        if (index >= generation.CompletedImages || !File.Exists(path))
            return ServiceError.NotFound($"Image {index} of generation {id} is not stored yet ({generation.Status}, {generation.CompletedImages} of {generation.ImageCount} done).");
        return new GeneratedImage(await File.ReadAllBytesAsync(path, cancellationToken), format.ContentType);
    }

    /// <summary>Where image <paramref name="index"/> of a generation is stored, under the data root.</summary>
    public static string ImageLocation(Guid generationId, int index, ImageFormat format) =>
        Path.Combine(StorageLayout.Generation(generationId), string.Create(CultureInfo.InvariantCulture, $"image-{index:D5}{format.FileExtension}"));

    public static ImageFormat Format(Generation generation) =>
        ImageFormat.TryParse(generation.Format, out var format) ? format : throw new InvalidOperationException($"Stored format '{generation.Format}' is unknown.");

    /// <returns>The style image's file, or null with the reason added to <paramref name="errors"/>.</returns>
    private byte[]? DecodeStyle(string base64, GenerationOperationName operation, FieldErrors errors)
    {
        if (operation != GenerationOperationName.LabelMapToImage)
        {
            errors.Add("style", "Applies to label maps (\"operation\": \"label-map-to-image\") of SPADE models.");
            return null;
        }
        byte[] encoded;
        try
        {
            encoded = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            errors.Add("style", "Must be an image file (PNG, JPEG or WebP) encoded as base64.");
            return null;
        }
        var maxBytes = inference.Value.MaxImageUploadBytes;
        if (encoded.Length > maxBytes)
        {
            errors.Add("style", $"The style image is {encoded.Length} bytes: images are limited to {maxBytes} bytes (Inference:MaxImageUploadBytes).");
            return null;
        }
        return encoded;
    }

    /// <summary>Why a webhook URL is refused, or null: it must be an absolute http(s) URL, and an address written in it
    /// must be one the <see cref="WebhookDestinationPolicy"/> allows. A host name is checked when the call connects,
    /// by <see cref="WebhookConnector"/>, since what it resolves to may change until then.</summary>
    private string? CheckWebhookUrl(string url)
    {
        if (url.Length > MaxWebhookUrlLength)
            return $"Must be at most {MaxWebhookUrlLength} characters.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return "Must be an absolute http or https URL, e.g. https://example.org/hooks/genservice.";
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return "Must not carry credentials; put a secret in the path or query instead.";
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            && destinations.WhyRefused(IPAddress.Parse(uri.Host.TrimStart('[').TrimEnd(']'))) is { } refusal)
            return $"Refused: {refusal}; webhooks are delivered to public addresses only.";
        return null;
    }

    public static GenerationResponse ToResponse(Generation generation) =>
        new(
            generation.Id,
            generation.ModelId,
            generation.Status.ToString(),
            generation.Operation.ToName(),
            generation.ImageCount,
            generation.Seed,
            generation.FirstDatasetIndex,
            generation.Truncation,
            generation.Direction?.ToName(),
            generation.RoundTrip,
            generation.Style is not null,
            generation.Prompt,
            generation.Stage?.ToName(),
            generation.Format,
            generation.CheckpointStep?.ToString(CultureInfo.InvariantCulture) ?? "final",
            generation.CompletedImages,
            Enumerable.Range(0, generation.CompletedImages).Select(i => string.Create(CultureInfo.InvariantCulture, $"/v1/generations/{generation.Id}/images/{i}")).ToList(),
            generation.Error,
            generation.WebhookUrl,
            generation.WebhookStatus?.ToString(),
            generation.WebhookAttempts,
            generation.WebhookLastStatusCode,
            generation.WebhookLastError,
            generation.WebhookDeliveredAt,
            generation.RequestId,
            generation.CreatedAt,
            generation.StartedAt,
            generation.FinishedAt,
            $"/v1/generations/{generation.Id}");
}
