using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GenService.Api.Tests.Generations;

/// <summary>One call a <see cref="WebhookReceiver"/> got: the body as sent, and the headers a receiver checks.</summary>
public sealed record WebhookCall(byte[] RawBody, JsonObject Body, string? RequestId, string? Id, string? Timestamp, string? Signature);

/// <summary>A webhook endpoint on 127.0.0.1 that answers with the given status codes in turn (the last
/// one from then on) and records every call.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly int[] answers;
    private int calls;

    private WebhookReceiver(WebApplication app, int[] answers)
    {
        this.app = app;
        this.answers = answers;
    }

    public ConcurrentQueue<WebhookCall> Calls { get; } = new();

    public string Url => $"{app.Urls.First()}/hook";

    /// <summary>The receiver's URL with another host name, for a resolver that sends that name here.</summary>
    public string UrlFor(string host) => new UriBuilder(Url) { Host = host }.Uri.ToString();

    public static async Task<WebhookReceiver> StartAsync(params int[] answers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, answers);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var raw = buffer.ToArray();
            var headers = context.Request.Headers;
            var call = Interlocked.Increment(ref receiver.calls) - 1;
            receiver.Calls.Enqueue(new WebhookCall(
                raw,
                JsonNode.Parse(raw)?.AsObject() ?? new JsonObject(),
                headers["X-Request-Id"].FirstOrDefault(),
                headers["webhook-id"].FirstOrDefault(),
                headers["webhook-timestamp"].FirstOrDefault(),
                headers["webhook-signature"].FirstOrDefault()));
            return Results.StatusCode(receiver.answers[Math.Min(call, receiver.answers.Length - 1)]);
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
