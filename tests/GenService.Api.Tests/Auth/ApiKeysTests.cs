using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Auth;
using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GenService.Api.Tests.Auth;

public sealed class ApiKeysTests : IDisposable
{
    private readonly GenServiceFactory factory = new();

    [Fact]
    public async Task ARouteWithoutAKeyAnswers401ProblemDetailsAskingForOne()
    {
        using var anonymous = factory.CreateAnonymousClient();

        var response = await anonymous.GetAsync("/v1/models");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "Authorization: Bearer");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("Bearer gs_not-a-key", "not an API key")]
    [InlineData("Bearer gs_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "Unknown API key")]
    [InlineData("Basic dXNlcjpwYXNz", "Bearer followed by an API key")]
    public async Task AWrongKeyAnswers401SayingWhy(string authorization, string detail)
    {
        using var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        await (await client.GetAsync("/v1/models")).AssertProblemAsync(HttpStatusCode.Unauthorized, detail);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/metrics")]
    [InlineData("/swagger/index.html")]
    [InlineData("/swagger/v1/swagger.json")]
    public async Task HealthMetricsAndSwaggerNeedNoKey(string path)
    {
        using var anonymous = factory.CreateAnonymousClient();

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task AKeyIsShownOnceListedWithoutItAndRefusedOnceRevoked()
    {
        using var admin = factory.CreateClient();
        var created = await admin.PostAsJsonAsync("/v1/keys", new { name = "reader", scopes = new[] { "read" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadJsonObjectAsync();
        var key = body["key"]!.GetValue<string>();
        var id = body["apiKey"]!["id"]!.GetValue<Guid>();
        Assert.Equal($"/v1/keys/{id}", created.Headers.Location!.OriginalString);
        Assert.StartsWith(body["apiKey"]!["prefix"]!.GetValue<string>(), key);

        using var reader = ClientWith(key);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/v1/models")).StatusCode);

        var listed = await admin.GetStringAsync("/v1/keys");
        Assert.DoesNotContain(key, listed);
        var listedKey = JsonNode.Parse(listed)!.AsArray().Single(k => k!["id"]!.GetValue<Guid>() == id)!;
        Assert.Equal(["read"], listedKey["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Null(listedKey["revokedAt"]);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/keys/{id}")).StatusCode);

        await (await reader.GetAsync("/v1/models")).AssertProblemAsync(HttpStatusCode.Unauthorized, "revoked");
        Assert.NotNull((await admin.GetFromJsonAsync<JsonObject>($"/v1/keys/{id}"))!["revokedAt"]);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/v1/keys/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task AnExpiredKeyAnswers401()
    {
        var secret = ApiKeySecret.Generate();
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
            db.ApiKeys.Add(new ApiKey
            {
                Id = Guid.NewGuid(),
                Name = "expired",
                Prefix = secret.Prefix,
                Hash = secret.Hash(),
                Scopes = [ApiScope.Read],
                CreatedAt = DateTime.UtcNow.AddDays(-2),
                ExpiresAt = DateTime.UtcNow.AddDays(-1),
            });
            await db.SaveChangesAsync();
        }
        using var client = ClientWith(secret.ToString());

        await (await client.GetAsync("/v1/models")).AssertProblemAsync(HttpStatusCode.Unauthorized, "expired");
    }

    [Theory]
    [InlineData("read", "POST", "/v1/datasets/fashion-mnist", "train")]
    [InlineData("read", "POST", "/v1/training-runs", "train")]
    [InlineData("read", "POST", "/v1/models/3fa85f64-5717-4562-b3fc-2c963f66afa6/samples", "generate")]
    [InlineData("generate", "GET", "/v1/models", "read")]
    [InlineData("read,generate", "DELETE", "/v1/models/3fa85f64-5717-4562-b3fc-2c963f66afa6", "train")]
    [InlineData("read,generate,train", "GET", "/v1/keys", "admin")]
    public async Task AKeyWithoutTheRoutesScopeAnswers403NamingIt(string scopes, string method, string path, string missing)
    {
        using var client = ClientWith(await CreateKeyAsync(scopes.Split(',')));

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, $"needs a key with the scope {missing}");
        Assert.Equal(missing, (await response.ReadJsonObjectAsync())["missingScope"]!.GetValue<string>());
    }

    [Fact]
    public async Task AKeyWithTheScopeIsLetIn()
    {
        using var trainer = ClientWith(await CreateKeyAsync(["train"]));

        var response = await trainer.PostAsJsonAsync("/v1/training-runs", new { architecture = "vae", datasetId = Guid.NewGuid() });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AKeyRequestNamesEachBadField()
    {
        using var admin = factory.CreateClient();

        var response = await admin.PostAsJsonAsync("/v1/keys", new { name = " ", scopes = new[] { "read", "write" }, expiresAt = DateTime.UtcNow.AddMinutes(-1) });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = (await response.ReadJsonObjectAsync())["errors"]!.AsObject();
        Assert.Equal(["expiresAt", "name", "scopes"], errors.Select(e => e.Key).Order());
        Assert.Contains("write", errors["scopes"]!.ToJsonString());
        Assert.Equal(["admin key"], (await admin.GetFromJsonAsync<JsonArray>("/v1/keys"))!.Select(k => k!["name"]!.GetValue<string>()));
    }

    [Fact]
    public void EveryV1RouteNeedsAScopeOrAnyKey()
    {
        var routes = factory.Services.GetServices<EndpointDataSource>().SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .Where(route => route.RoutePattern.RawText?.StartsWith("/v1", StringComparison.Ordinal) == true)
            .ToList();

        Assert.NotEmpty(routes);
        Assert.All(routes, route => Assert.Contains(route.Metadata.OfType<RequiredScope>().LastOrDefault()?.Scope, ApiScope.All.Append(ApiScope.AnyKey)));
    }

    public void Dispose() => factory.Dispose();

    private async Task<string> CreateKeyAsync(string[] scopes)
    {
        using var admin = factory.CreateClient();
        var response = await admin.PostAsJsonAsync("/v1/keys", new { name = string.Join('+', scopes), scopes });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonObjectAsync())["key"]!.GetValue<string>();
    }

    private HttpClient ClientWith(string key)
    {
        var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
