using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;

namespace GenService.Api.Generations;

/// <summary>
/// At start-up, gives every unfinished generation a job again and makes the webhook calls that were
/// still pending. With in-memory job storage a restart loses the queue; with PostgreSQL storage a job
/// that still exists is left to Hangfire. A duplicate job is harmless: images are deterministic and
/// written whole, so two jobs write the same bytes.
/// </summary>
public sealed class GenerationRecovery(GenServiceDbContext db, IBackgroundJobClient jobs, JobStorage storage, WebhookSender webhooks, ILogger<GenerationRecovery> logger)
{
    private static readonly HashSet<string?> LiveStates = [EnqueuedState.StateName, ScheduledState.StateName, AwaitingState.StateName, ProcessingState.StateName];

    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        var unfinished = await db.Generations
            .Where(g => g.Status == GenerationStatus.Queued || g.Status == GenerationStatus.Running)
            .ToListAsync(cancellationToken);
        using (var connection = storage.GetConnection())
        {
            foreach (var generation in unfinished)
            {
                var state = generation.JobId is null ? null : connection.GetStateData(generation.JobId)?.Name;
                if (LiveStates.Contains(state))
                    continue;
                generation.JobId = GenerationService.Enqueue(jobs, generation.Id);
                logger.LogInformation("Generation {GenerationId} was interrupted after {Images} images; it will carry on", generation.Id, generation.CompletedImages);
            }
        }
        await db.SaveChangesAsync(cancellationToken);

        var calls = await db.Generations
            .Where(g => (g.Status == GenerationStatus.Succeeded || g.Status == GenerationStatus.Failed) && g.WebhookStatus == WebhookStatus.Pending)
            .Select(g => g.Id)
            .ToListAsync(cancellationToken);
        foreach (var generationId in calls)
            webhooks.Enqueue(generationId);
    }
}
