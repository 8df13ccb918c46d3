using GenService.Api.Entities;
using GenService.Api.Inference;
using GenService.Api.Infrastructure;
using GenService.Api.Models;
using GenService.ML.Imaging;
using GenService.ML.Training;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GenService.Api.Generations;

/// <summary>
/// The Hangfire job that computes one generation. Its images go through the <see cref="InferenceEngine"/>
/// in pieces of one batch each, so they are batched with, and wait their turn behind, synchronous
/// requests, and are bounded by the same queues. Each piece is stored before the next is asked for.
/// </summary>
/// <remarks>
/// No automatic retries, as for <see cref="Training.TrainingJob"/>: a generation that fails (its model
/// cannot sample, the engine stayed full past <see cref="GenerationOptions.BusyTimeout"/>) would fail
/// the same way again, and a job stopped by a shutdown or a crash is taken up again at start-up by
/// <see cref="Jobs.JobRecovery"/>, from the images already stored.
/// </remarks>
public sealed class GenerationJob(
    GenServiceDbContext db,
    InferenceEngine engine,
    ServableModels servable,
    TranslationInputs translationInputs,
    LabelMapService labelMaps,
    WebhookSender webhooks,
    IOptions<InferenceOptions> inference,
    IOptions<GenerationOptions> options,
    IOptions<StorageOptions> storage,
    TimeProvider clock,
    ILogger<GenerationJob> logger)
{
    public const string Queue = "generations";

    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [Queue(Queue)]
    public async Task RunAsync(Guid generationId, CancellationToken jobCancellation)
    {
        if (!await ClaimAsync(generationId, jobCancellation))
        {
            logger.LogInformation("Generation {GenerationId} is taken by another job, has finished or does not exist; nothing to do", generationId);
            return;
        }
        var generation = await db.Generations.FirstAsync(g => g.Id == generationId, jobCancellation);

        using var logScope = logger.BeginScope(new Dictionary<string, object?> { ["GenerationId"] = generationId, ["RequestId"] = generation.RequestId });
        string? failure;
        try
        {
            failure = await GenerateAsync(generation, jobCancellation);
        }
        catch (OperationCanceledException) when (jobCancellation.IsCancellationRequested)
        {
            // Shutting down: left Running with its stored images; it carries on from them after a restart.
            throw;
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Generation {GenerationId} failed", generationId);
            await FinishAsync(generation, $"{exception.GetType().Name}: {exception.Message}");
            throw;
        }
        await FinishAsync(generation, failure);
    }

    /// <summary>Queued → Running, so that a second job for the generation (after a restart, say) leaves it alone.</summary>
    private async Task<bool> ClaimAsync(Guid generationId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Generations
            .Where(g => g.Id == generationId && g.Status == GenerationStatus.Queued)
            .ExecuteUpdateAsync(set => set.SetProperty(g => g.Status, GenerationStatus.Running).SetProperty(g => g.UpdatedAt, now), cancellationToken) == 1;
    }

    /// <returns>Why the generation failed, or null when every image is stored.</returns>
    private async Task<string?> GenerateAsync(Generation generation, CancellationToken cancellationToken)
    {
        var model = await servable.FindAsync(generation.ModelId, new CheckpointSelector(generation.CheckpointStep, false).ToString(), cancellationToken);
        if (model.Error is not null)
            return model.Error.Detail;

        generation.StartedAt ??= clock.GetUtcNow().UtcDateTime;
        generation.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        if (generation.CompletedImages > 0)
            logger.LogInformation("Generation {GenerationId} resumes after {Images} stored images", generation.Id, generation.CompletedImages);

        var format = GenerationService.Format(generation);
        Directory.CreateDirectory(storage.Value.Resolve(StorageLayout.Generation(generation.Id)));
        var piece = inference.Value.MaxBatchSize;
        for (var first = generation.CompletedImages; first < generation.ImageCount; first += piece)
        {
            var count = Math.Min(piece, generation.ImageCount - first);
            var seeds = Enumerable.Range(first, count).Select(i => generation.Seed + i).ToList();
            var work = await WorkAsync(generation, first, seeds, cancellationToken);
            if (work.Error is not null)
                return work.Error.Detail;
            var pixels = await RunAsync(model.Value!, work.Value!, cancellationToken);
            if (pixels.Error is not null)
                return pixels.Error.Detail;
            Store(generation.Id, first, pixels.Value!, format);
            generation.CompletedImages = first + count;
            generation.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
        }
        return null;
    }

    /// <summary>Images first to first + seeds − 1 of the generation, as the synchronous routes compute them.</summary>
    private async Task<ServiceResult<InferenceWork>> WorkAsync(Generation generation, int first, IReadOnlyList<long> seeds, CancellationToken cancellationToken)
    {
        if (generation.Operation == GenerationOperation.Sample)
            return new SampleWork(seeds, generation.Truncation);
        if (generation.Operation == GenerationOperation.TextToImage)
            return new TextToImageWork(generation.Prompt!, seeds, generation.Stage!.Value);
        if (generation.Operation == GenerationOperation.LabelMapToImage)
        {
            var maps = await labelMaps.DatasetMapsAsync(generation.ModelId, generation.FirstDatasetIndex!.Value + first, seeds.Count, cancellationToken);
            return maps.Error ?? (ServiceResult<InferenceWork>)new LabelMapWork(maps.Value!, generation.Style, seeds);
        }
        var inputs = await translationInputs.FromDatasetAsync(
            generation.ModelId, generation.FirstDatasetIndex!.Value + first, seeds.Count, "firstDatasetIndex", cancellationToken);
        return inputs.Error ?? (ServiceResult<InferenceWork>)new TranslateWork(inputs.Value!.Pixels, seeds, generation.Direction, generation.RoundTrip);
    }

    /// <summary>One piece through the engine, waiting out a full queue or a slow device for up to
    /// <see cref="GenerationOptions.BusyTimeout"/>, as a well-behaved client would.</summary>
    private async Task<ServiceResult<GeneratedPixels>> RunAsync(ServedModel model, InferenceWork work, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + options.Value.BusyTimeout;
        while (true)
        {
            var result = await engine.RunAsync(model, work, cancellationToken);
            if (result.Error is not { Kind: ServiceErrorKind.Overloaded or ServiceErrorKind.Unavailable } busy)
                return result;
            if (clock.GetUtcNow() >= deadline)
                return ServiceError.Unavailable($"The inference engine stayed busy for {options.Value.BusyTimeout}: {busy.Detail}");
            await Task.Delay(busy.RetryAfter ?? inference.Value.RetryAfter, clock, cancellationToken);
        }
    }

    /// <summary>Encodes and writes each image through a temporary file, so a stored image is always whole.</summary>
    private void Store(Guid generationId, int first, GeneratedPixels generated, ImageFormat format)
    {
        var shape = generated.Shape;
        var imageBytes = shape.Channels * shape.Height * shape.Width;
        for (var i = 0; i < generated.Count; i++)
        {
            var bytes = ImageCodec.Encode(generated.Pixels.AsSpan(i * imageBytes, imageBytes), shape.Channels, shape.Height, shape.Width, format);
            CheckpointStore.WriteAtomically(storage.Value.Resolve(GenerationService.ImageLocation(generationId, first + i, format)), stream => stream.Write(bytes));
        }
    }

    private async Task FinishAsync(Generation generation, string? failure)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        generation.Status = failure is null ? GenerationStatus.Succeeded : GenerationStatus.Failed;
        generation.Error = failure;
        generation.FinishedAt = now;
        generation.UpdatedAt = now;
        await db.SaveChangesAsync(CancellationToken.None);
        if (failure is null)
            logger.LogInformation("Generation {GenerationId} stored {Images} images", generation.Id, generation.ImageCount);
        else
            logger.LogWarning("Generation {GenerationId} failed: {Failure}", generation.Id, failure);
        // Handed to the sender and not awaited: a slow or dead webhook never holds up this worker.
        if (generation.WebhookUrl is not null)
            webhooks.Enqueue(generation.Id);
    }
}
