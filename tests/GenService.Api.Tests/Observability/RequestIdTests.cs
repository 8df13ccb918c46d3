using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Observability;
using GenService.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GenService.Api.Tests.Observability;

public sealed class RequestIdTests : IDisposable
{
    private readonly CapturedLogs logs = new();
    private readonly LoggedFactory factory;
    private readonly HttpClient client;

    public RequestIdTests()
    {
        factory = new LoggedFactory(logs);
        // The framework logs "Executing endpoint" here: a line written inside every request.
        factory.Settings["Logging:LogLevel:Microsoft.AspNetCore.Routing.EndpointMiddleware"] = "Information";
        client = factory.CreateClient();
    }

    [Fact]
    public async Task AGivenIdIsReturnedQuotedInTheProblemAndCarriedByEveryLogLine()
    {
        var response = await SendAsync(HttpMethod.Get, $"/v1/models/{Guid.NewGuid()}", "order-42.retry:1");

        Assert.Equal("order-42.retry:1", Header(response));
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("order-42.retry:1", (await response.ReadJsonObjectAsync())["requestId"]!.GetValue<string>());
        var lines = logs.Entries.Where(e => e.Category.StartsWith("Microsoft.AspNetCore.Routing", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        // One request id per line: no outer scope (the host's own) carries another one.
        Assert.All(lines, line => Assert.Equal(["order-42.retry:1"], line.Scopes.Where(p => p.Key == "RequestId").Select(p => p.Value)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("has spaces")]
    [InlineData("quote\"d")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789")]
    public async Task AMissingOrUnfitIdIsReplacedByANewOne(string? given)
    {
        var response = await SendAsync(HttpMethod.Get, "/v1/models", given);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("^[0-9a-f]{32}$", Header(response));
    }

    [Fact]
    public async Task ValidationAndUnreadableRequestProblemsCarryTheIdToo()
    {
        var invalid = await SendAsync(HttpMethod.Get, "/v1/training-runs?limit=0", "invalid-1");
        await invalid.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("invalid-1", (await invalid.ReadJsonObjectAsync())["requestId"]!.GetValue<string>());

        using var malformed = new HttpRequestMessage(HttpMethod.Post, "/v1/training-runs") { Content = new StringContent("{", System.Text.Encoding.UTF8, "application/json") };
        malformed.Headers.Add(RequestIdMiddleware.Header, "malformed-1");
        var unreadable = await client.SendAsync(malformed);
        await unreadable.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("malformed-1", (await unreadable.ReadJsonObjectAsync())["requestId"]!.GetValue<string>());
    }

    public void Dispose()
    {
        client.Dispose();
        factory.Dispose();
    }

    private static string Header(HttpResponseMessage response) => Assert.Single(response.Headers.GetValues(RequestIdMiddleware.Header));

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? requestId)
    {
        using var request = new HttpRequestMessage(method, url);
        if (requestId is not null)
            request.Headers.TryAddWithoutValidation(RequestIdMiddleware.Header, requestId);
        return await client.SendAsync(request);
    }

    private sealed class LoggedFactory(CapturedLogs logs) : GenServiceFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(logs));
        }
    }
}
