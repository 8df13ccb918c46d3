using GenService.Api.Entities;
using GenService.Api.Inference;
using GenService.Api.Infrastructure;
using GenService.Api.Jobs;
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
/// the same way again. A job stopped by a shutdown or a crash is taken up again, from the images already stored,
/// by the next job for the generation once its lease is free (<see cref="RecordLeases"/>): on PostgreSQL the same
/// job, handed to another node; otherwise the one <see cref="JobRecovery"/> gives it at the next start.
/// </remarks>
public sealed class GenerationJob(
    GenServiceDbContext db,
    InferenceEngine engine,
    ServableModels servable,
    TranslationInputs translationInputs,
    LabelMapService labelMaps,
    WebhookSender webhooks,
    RecordLeases leases,
    IOptions<InferenceOptions> inference,
    IOptions<GenerationOptions> options,
    IOptions<StorageOptions> storage,
    TimeProvider clock,
    ILogger<GenerationJob> logger)
{
    public const string Queue = "generations";

    /// <summary>A generation is taken when queued, or when running and the lease of its worker has lapsed (a killed node).</summary>
    private static readonly LeaseTerms<Generation> Terms = new("Generation", g => g.Status == GenerationStatus.Queued || g.Status == GenerationStatus.Running)
    {
        OnTake = (set, now) => set
            .SetProperty(g => g.Status, GenerationStatus.Running)
            .SetProperty(g => g.StartedAt, g => g.StartedAt ?? (DateTime?)now)
            .SetProperty(g => g.UpdatedAt, now),
    };

    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [Queue(Queue)]
    public async Task RunAsync(Guid generationId, CancellationToken jobCancellation)
    {
        await using var lease = await leases.TakeAsync(generationId, Terms, jobCancellation);
        if (lease is null)
        {
            logger.LogInformation("Generation {GenerationId} has finished or does not exist; nothing to do", generationId);
            return;
        }
        var generation = await db.Generations.AsNoTracking().FirstAsync(g => g.Id == generationId, lease.Token);

        using var logScope = logger.BeginScope(new Dictionary<string, object?> { ["GenerationId"] = generationId, ["RequestId"] = generation.RequestId });
        string? failure;
        try
        {
            failure = await GenerateAsync(generation, lease.Owner, lease.Token);
        }
        catch (OperationCanceledException) when (lease.Token.IsCancellationRequested)
        {
            // Shutting down, or another worker took the generation over: left Running with its stored images, which
            // whoever holds it next carries on from.
            if (jobCancellation.IsCancellationRequested)
                throw;
            logger.LogWarning("Generation {GenerationId} was taken over by another worker", generationId);
            return;
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Generation {GenerationId} failed", generationId);
            await FinishAsync(generation, lease.Owner, $"{exception.GetType().Name}: {exception.Message}");
            throw;
        }
        await FinishAsync(generation, lease.Owner, failure);
    }

    /// <returns>Why the generation failed, or null when every image is stored.</returns>
    private async Task<string?> GenerateAsync(Generation generation, string owner, CancellationToken cancellationToken)
    {
        var model = await servable.FindAsync(generation.ModelId, new CheckpointSelector(generation.CheckpointStep, false).ToString(), cancellationToken);
        if (model.Error is not null)
            return model.Error.Detail;
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
            // Image i is always seed + i at the same name, written whole: a piece stored again by the worker that
            // takes over after a crash replaces the same images, never adds to them.
            Store(generation.Id, first, pixels.Value!, format);
            var completed = first + count;
            var now = clock.GetUtcNow().UtcDateTime;
            await db.Generations
                .Where(g => g.Id == generation.Id && g.LeaseOwner == owner)
                .ExecuteUpdateAsync(set => set.SetProperty(g => g.CompletedImages, completed).SetProperty(g => g.UpdatedAt, now), cancellationToken);
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

    /// <summary>Ends the generation and gives up its lease, unless another worker holds it now (that one finishes it).</summary>
    private async Task FinishAsync(Generation generation, string owner, string? failure)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var finished = await db.Generations
            .Where(g => g.Id == generation.Id && g.LeaseOwner == owner)
            .ExecuteUpdateAsync(set => set
                .SetProperty(g => g.Status, failure is null ? GenerationStatus.Succeeded : GenerationStatus.Failed)
                .SetProperty(g => g.Error, failure)
                .SetProperty(g => g.FinishedAt, now)
                .SetProperty(g => g.UpdatedAt, now)
                .SetProperty(g => g.LeaseOwner, (string?)null)
                .SetProperty(g => g.LeaseExpiresAt, (DateTime?)null), CancellationToken.None);
        if (finished == 0)
            return;
        if (failure is null)
            logger.LogInformation("Generation {GenerationId} stored {Images} images", generation.Id, generation.ImageCount);
        else
            logger.LogWarning("Generation {GenerationId} failed: {Failure}", generation.Id, failure);
        // Handed to the sender and not awaited: a slow or dead webhook never holds up this worker.
        if (generation.WebhookUrl is not null)
            webhooks.Enqueue(generation.Id);
    }
}
