using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GenService.Api.Tests.Generations;

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

    public ConcurrentQueue<(JsonObject Body, string? RequestId)> Calls { get; } = new();

    public string Url => $"{app.Urls.First()}/hook";

    public static async Task<WebhookReceiver> StartAsync(params int[] answers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, answers);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            var call = Interlocked.Increment(ref receiver.calls) - 1;
            receiver.Calls.Enqueue((body, context.Request.Headers["X-Request-Id"].FirstOrDefault()));
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
