using System.Net;
using System.Net.Http.Json;
using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Quotas;

public sealed class RateLimitTests : IDisposable
{
    // Three requests at once, then one token every 1000 s: the test never sees a refill.
    private readonly GenServiceFactory factory = new()
    {
        Settings =
        {
            ["Quotas:GenerationBurst"] = "3",
            ["Quotas:GenerationRequestsPerSecond"] = "0.001",
        },
    };

    private static string Samples => $"/v1/models/{Guid.NewGuid()}/samples";

    [Fact]
    public async Task AnAccountMakesItsBurstOfGenerationRequestsAndTheNextIs429WithRetryAfterAndTheLimit()
    {
        using var account = await TestAccount.CreateAsync(factory, "read", "generate");

        for (var remaining = 2; remaining >= 0; remaining--)
        {
            var allowed = await account.Client.PostAsJsonAsync(Samples, new { seed = 1 });
            Assert.Equal(HttpStatusCode.NotFound, allowed.StatusCode);
            Assert.Equal("3", Header(allowed, "RateLimit-Limit"));
            Assert.Equal(remaining.ToString(), Header(allowed, "RateLimit-Remaining"));
            Assert.Equal("1000", Header(allowed, "RateLimit-Reset"));
        }

        var refused = await account.Client.PostAsJsonAsync(Samples, new { seed = 1 });

        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "generationRequestsPerSecond");
        var problem = await refused.ReadJsonObjectAsync();
        Assert.Equal("generationRequestsPerSecond", problem["quota"]!.GetValue<string>());
        Assert.Equal(0.001, problem["limit"]!.GetValue<double>());
        var retryAfter = refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.InRange(retryAfter, 1, 1000);
        Assert.Equal("3", Header(refused, "RateLimit-Limit"));
        Assert.Equal("0", Header(refused, "RateLimit-Remaining"));
        Assert.Equal(retryAfter.ToString(), Header(refused, "RateLimit-Reset"));
        Assert.Equal(0, (await account.Client.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/v1/account"))!
            ["quotas"]!["generationRequestsPerSecond"]!["remaining"]!.GetValue<long>());
    }

    [Fact]
    public async Task EachAccountHasItsOwnBucketAndOnlyGenerationRoutesTakeFromIt()
    {
        using var first = await TestAccount.CreateAsync(factory, "read", "generate");
        using var second = await TestAccount.CreateAsync(factory, "read", "generate");
        for (var i = 0; i < 3; i++)
            await first.Client.PostAsJsonAsync($"/v1/models/{Guid.NewGuid()}/generations", new { count = 1 });

        await (await first.Client.PostAsJsonAsync(Samples, new { seed = 1 })).AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.NotFound, (await second.Client.PostAsJsonAsync(Samples, new { seed = 1 })).StatusCode);
        var read = await first.Client.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.False(read.Headers.Contains("RateLimit-Limit"));
    }

    [Fact]
    public async Task TheOperatorsKeysAreNotLimited()
    {
        using var admin = factory.CreateClient();

        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync(Samples, new { seed = 1 })).StatusCode);
    }

    public void Dispose() => factory.Dispose();

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
