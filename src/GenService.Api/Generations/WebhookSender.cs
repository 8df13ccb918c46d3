using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.Api.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GenService.Api.Generations;

/// <summary>
/// Calls finished generations' webhooks: a POST of the generation as JSON, retried with doubling waits
/// until it answers 2xx or <see cref="GenerationOptions.WebhookAttempts"/> calls have failed. Each call
/// runs on its own task, so a slow receiver delays only itself, never a generation worker.
/// </summary>
/// <remarks>Where a call stands is kept on the generation (Pending, Delivered, Failed); a call still
/// Pending when the process stops (or dies) is made again at start-up by <see cref="ResumePendingAsync"/>.</remarks>
public sealed class WebhookSender(
    IServiceScopeFactory scopes,
    IHttpClientFactory httpClients,
    IOptions<GenerationOptions> options,
    TimeProvider clock,
    ILogger<WebhookSender> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";

    private readonly Channel<Guid> pending = Channel.CreateUnbounded<Guid>();

    public void Enqueue(Guid generationId) => pending.Writer.TryWrite(generationId);

    /// <summary>Queues the calls of finished generations whose webhook is still Pending. Called at start-up,
    /// before the generation jobs run, so that no call is queued twice.</summary>
    public async Task ResumePendingAsync(GenServiceDbContext db, CancellationToken cancellationToken)
    {
        var calls = await db.Generations
            .Where(g => (g.Status == GenerationStatus.Succeeded || g.Status == GenerationStatus.Failed) && g.WebhookStatus == WebhookStatus.Pending)
            .Select(g => g.Id)
            .ToListAsync(cancellationToken);
        foreach (var generationId in calls)
            Enqueue(generationId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var generationId in pending.Reader.ReadAllAsync(stoppingToken))
                _ = Task.Run(() => DeliverAsync(generationId, stoppingToken), CancellationToken.None);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: calls not yet made stay Pending for the next start.
        }
    }

    private async Task DeliverAsync(Guid generationId, CancellationToken stoppingToken)
    {
        using var logScope = logger.BeginScope(new Dictionary<string, object> { ["GenerationId"] = generationId });
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
            var generation = await db.Generations.FirstOrDefaultAsync(g => g.Id == generationId, stoppingToken);
            if (generation is not { WebhookUrl: { } url, WebhookStatus: WebhookStatus.Pending })
                return;

            var client = httpClients.CreateClient(HttpClientName);
            var wait = options.Value.WebhookFirstRetryDelay;
            for (var attempt = generation.WebhookAttempts + 1; ; attempt++)
            {
                var failure = await PostAsync(client, url, generation, stoppingToken);
                generation.WebhookAttempts = attempt;
                if (failure is null)
                {
                    generation.WebhookStatus = WebhookStatus.Delivered;
                    await db.SaveChangesAsync(CancellationToken.None);
                    logger.LogInformation("Webhook of generation {GenerationId} delivered on attempt {Attempt}", generationId, attempt);
                    return;
                }
                if (attempt >= options.Value.WebhookAttempts)
                {
                    generation.WebhookStatus = WebhookStatus.Failed;
                    await db.SaveChangesAsync(CancellationToken.None);
                    logger.LogWarning("Webhook of generation {GenerationId} given up after {Attempts} attempts: {Failure}", generationId, attempt, failure);
                    return;
                }
                await db.SaveChangesAsync(CancellationToken.None);
                logger.LogInformation("Webhook of generation {GenerationId} attempt {Attempt} failed: {Failure}; next in {Wait}", generationId, attempt, failure, wait);
                await Task.Delay(wait, clock, stoppingToken);
                wait *= 2;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the call stays Pending for the next start.
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Webhook of generation {GenerationId} could not be handled", generationId);
        }
    }

    /// <returns>Why the call failed, or null on a 2xx answer.</returns>
    private async Task<string?> PostAsync(HttpClient client, string url, Generation generation, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(options.Value.WebhookTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(GenerationService.ToResponse(generation), options: JsonSerializerOptions.Web),
        };
        if (generation.RequestId is not null)
            request.Headers.TryAddWithoutValidation(RequestIdMiddleware.Header, generation.RequestId);
        try
        {
            using var response = await client.SendAsync(request, timeout.Token);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (HttpRequestException exception)
        {
            return exception.Message;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return $"no answer within {options.Value.WebhookTimeout.TotalSeconds:0.###} s";
        }
    }
}
