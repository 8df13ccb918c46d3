using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.Api.Observability;
using GenService.Api.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GenService.Api.Generations;

/// <summary>
/// Calls finished generations' webhooks: a POST of the generation as JSON, signed as the Standard Webhooks
/// specification says with the secret of the generation's account (the service-wide one for the operator's),
/// retried with doubling waits until it answers 2xx or <see cref="GenerationOptions.WebhookAttempts"/> calls have failed; a destination the
/// <see cref="WebhookDestinationPolicy"/> refuses is given up at once. Each call runs on its own task, so a slow
/// receiver delays only itself, never a generation worker.
/// </summary>
/// <remarks>Where a call stands is kept on the generation (Pending, Delivered, Failed, the attempts, the last
/// answer or error, when it was delivered); a call still
/// Pending when the process stops (or dies) is made again at start-up by <see cref="ResumePendingAsync"/>.</remarks>
public sealed class WebhookSender(
    IServiceScopeFactory scopes,
    IHttpClientFactory httpClients,
    WebhookSecret serviceSecret,
    IOptions<GenerationOptions> options,
    TimeProvider clock,
    ILogger<WebhookSender> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";

    /// <summary>The length of the column the last error is kept in.</summary>
    private const int MaxErrorLength = 1000;

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
            // Every attempt sends the same body under the same id, so a receiver can drop a repeat it has already handled.
            var message = new WebhookMessage(
                MessageId(generationId),
                JsonSerializer.SerializeToUtf8Bytes(GenerationService.ToResponse(generation), JsonSerializerOptions.Web),
                await SecretOfAsync(db, generation.AccountId, stoppingToken));
            var wait = options.Value.WebhookFirstRetryDelay;
            for (var attempt = generation.WebhookAttempts + 1; ; attempt++)
            {
                var outcome = await PostAsync(client, url, message, generation.RequestId, stoppingToken);
                generation.WebhookAttempts = attempt;
                generation.WebhookLastStatusCode = outcome.StatusCode;
                generation.WebhookLastError = outcome.Error is { Length: > MaxErrorLength } error ? error[..MaxErrorLength] : outcome.Error;
                if (outcome.Error is null)
                {
                    generation.WebhookStatus = WebhookStatus.Delivered;
                    generation.WebhookDeliveredAt = clock.GetUtcNow().UtcDateTime;
                    await db.SaveChangesAsync(CancellationToken.None);
                    logger.LogInformation("Webhook of generation {GenerationId} delivered on attempt {Attempt}", generationId, attempt);
                    return;
                }
                if (outcome.Refused || attempt >= options.Value.WebhookAttempts)
                {
                    generation.WebhookStatus = WebhookStatus.Failed;
                    await db.SaveChangesAsync(CancellationToken.None);
                    logger.LogWarning("Webhook of generation {GenerationId} given up after {Attempts} attempts: {Failure}", generationId, attempt, outcome.Error);
                    return;
                }
                await db.SaveChangesAsync(CancellationToken.None);
                logger.LogInformation("Webhook of generation {GenerationId} attempt {Attempt} failed: {Failure}; next in {Wait}", generationId, attempt, outcome.Error, wait);
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

    /// <summary>The secret of the generation's account; the service-wide one for a generation of no account, or of an
    /// account made before accounts had secrets that has not rotated one since.</summary>
    private async Task<WebhookSecret> SecretOfAsync(GenServiceDbContext db, Guid? accountId, CancellationToken cancellationToken)
    {
        if (accountId is null)
            return serviceSecret;
        var stored = await db.Accounts.Where(a => a.Id == accountId).Select(a => a.WebhookSecret).FirstOrDefaultAsync(cancellationToken);
        return WebhookSecret.TryParse(stored, out var accountSecret) ? accountSecret : serviceSecret;
    }

    /// <summary>The webhook-id of a generation's call. A generation has one call, so its id names it, the same on
    /// every attempt and after a restart.</summary>
    public static string MessageId(Guid generationId) => $"msg_{generationId:N}";

    /// <summary>One attempt: the body signed with this attempt's timestamp.</summary>
    private async Task<WebhookAttemptOutcome> PostAsync(HttpClient client, string url, WebhookMessage message, string? requestId, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(options.Value.WebhookTimeout);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(message.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("webhook-id", message.Id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", message.Secret.Sign(message.Id, timestamp, message.Body));
        if (requestId is not null)
            request.Headers.TryAddWithoutValidation(RequestIdMiddleware.Header, requestId);
        try
        {
            using var response = await client.SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            return new WebhookAttemptOutcome(status, response.IsSuccessStatusCode ? null : $"HTTP {status} {response.ReasonPhrase}", Refused: false);
        }
        catch (HttpRequestException exception) when (exception.InnerException is WebhookDestinationRefusedException refused)
        {
            return new WebhookAttemptOutcome(null, refused.Message, Refused: true);
        }
        catch (HttpRequestException exception)
        {
            return new WebhookAttemptOutcome(null, exception.Message, Refused: false);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return new WebhookAttemptOutcome(null, $"no answer within {options.Value.WebhookTimeout.TotalSeconds:0.###} s", Refused: false);
        }
    }

    private sealed record WebhookMessage(string Id, byte[] Body, WebhookSecret Secret);

    /// <param name="Error">Null when the call was answered 2xx.</param>
    /// <param name="Refused">The destination is one webhooks are never delivered to: trying again cannot help.</param>
    private sealed record WebhookAttemptOutcome(int? StatusCode, string? Error, bool Refused);
}
