using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Auth;

public sealed class AccountsTests : IDisposable
{
    private readonly GenServiceFactory factory = new();

    [Fact]
    public async Task AnAccountIsCreatedWithItsFirstKeyAndOwnsTheKeysMadeForIt()
    {
        using var admin = factory.CreateClient();

        var created = await admin.PostAsJsonAsync("/v1/accounts", new { name = "acme", scopes = new[] { "read" } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadJsonObjectAsync();
        var accountId = body["account"]!["id"]!.GetValue<Guid>();
        Assert.Equal($"/v1/accounts/{accountId}", created.Headers.Location!.OriginalString);
        Assert.Equal(accountId, body["firstKey"]!["apiKey"]!["accountId"]!.GetValue<Guid>());
        Assert.Equal("acme", (await admin.GetFromJsonAsync<JsonObject>($"/v1/accounts/{accountId}"))!["name"]!.GetValue<string>());
        using var customer = factory.CreateAnonymousClient();
        customer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body["firstKey"]!["key"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync("/v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/v1/accounts")).StatusCode);

        var second = await admin.PostAsJsonAsync("/v1/keys", new { name = "acme ci", scopes = new[] { "train" }, accountId });

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var keys = (await admin.GetFromJsonAsync<JsonArray>("/v1/keys"))!;
        Assert.Equal(2, keys.Count(k => k!["accountId"]?.GetValue<Guid>() == accountId));
    }

    [Fact]
    public async Task ABadAccountRequestSavesNothing()
    {
        using var admin = factory.CreateClient();

        var response = await admin.PostAsJsonAsync("/v1/accounts", new { name = "acme", scopes = Array.Empty<string>() });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "scopes");
        Assert.Equal(["operator"], (await admin.GetFromJsonAsync<JsonArray>("/v1/accounts"))!.Select(a => a!["name"]!.GetValue<string>()));
        Assert.Equal(["admin key"], (await admin.GetFromJsonAsync<JsonArray>("/v1/keys"))!.Select(k => k!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AKeyForAnUnknownAccountIsRefused()
    {
        using var admin = factory.CreateClient();

        var response = await admin.PostAsJsonAsync("/v1/keys", new { name = "x", scopes = new[] { "read" }, accountId = Guid.NewGuid() });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "accountId");
    }

    public void Dispose() => factory.Dispose();
}
