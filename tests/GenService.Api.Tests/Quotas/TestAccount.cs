using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Quotas;

/// <summary>An account made through POST /v1/accounts, with a client that sends its first key.</summary>
public sealed record TestAccount(Guid Id, string Key, string WebhookSecret, HttpClient Client) : IDisposable
{
    public static async Task<TestAccount> CreateAsync(GenServiceFactory factory, params string[] scopes)
    {
        using var admin = factory.CreateClient();
        var response = await admin.PostAsJsonAsync("/v1/accounts", new { name = $"account {Guid.NewGuid():N}", scopes });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.ReadJsonObjectAsync();
        var key = body["firstKey"]!["key"]!.GetValue<string>();
        var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return new TestAccount(body["account"]!["id"]!.GetValue<Guid>(), key, body["webhookSecret"]!.GetValue<string>(), client);
    }

    public void Dispose() => Client.Dispose();
}
