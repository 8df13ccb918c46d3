using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Auth;

/// <summary>Two accounts, A and B, each with a key that reads, generates and trains; A owns one record of every
/// kind, made through the API: a Fashion-MNIST dataset, a tiny VAE's run and model, a feature network, an
/// evaluation and a generation. Shared by a test class.</summary>
public sealed class TenantsFixture : IAsyncLifetime
{
    public static readonly string[] Scopes = ["read", "generate", "train"];

    /// <summary>The route test sends B's key to every generation route twice in a row, more than the default burst
    /// of the generation rate limit: on a quick machine the bucket ran dry and answered 429 instead of the 404 under
    /// test. The rate limit has its own tests (Quotas.RateLimitTests).</summary>
    public GenServiceFactory Factory { get; } = new() { Settings = { ["Quotas:GenerationBurst"] = "1000" } };

    public HttpClient Admin { get; private set; } = null!;

    public HttpClient A { get; private set; } = null!;

    public HttpClient B { get; private set; } = null!;

    public Guid AccountA { get; private set; }

    public Guid DatasetId { get; private set; }

    public Guid RunId { get; private set; }

    public Guid ModelId { get; private set; }

    public Guid FeatureNetworkId { get; private set; }

    public Guid EvaluationId { get; private set; }

    public Guid GenerationId { get; private set; }

    public async Task InitializeAsync()
    {
        Admin = Factory.CreateClient();
        (AccountA, A) = await CreateAccountAsync("a");
        (_, B) = await CreateAccountAsync("b");

        (DatasetId, ModelId) = await A.TrainTinyVaeAsync();
        RunId = (await A.GetFromJsonAsync<JsonArray>("/v1/training-runs"))!.Single()!["id"]!.GetValue<Guid>();
        FeatureNetworkId = await CreatedIdAsync(await A.PostAsJsonAsync($"/v1/datasets/{DatasetId}/feature-networks", new { }));
        EvaluationId = await CreatedIdAsync(await A.PostAsJsonAsync($"/v1/models/{ModelId}/evaluations", new { }));
        GenerationId = await CreatedIdAsync(await A.PostAsJsonAsync($"/v1/models/{ModelId}/generations", new { count = 1, seed = 1 }));
    }

    /// <summary>A new account and a client sending its first key.</summary>
    public async Task<(Guid AccountId, HttpClient Client)> CreateAccountAsync(string name)
    {
        var response = await Admin.PostAsJsonAsync("/v1/accounts", new { name, scopes = Scopes });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.ReadJsonObjectAsync();
        var client = Factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body["firstKey"]!["key"]!.GetValue<string>());
        return (body["account"]!["id"]!.GetValue<Guid>(), client);
    }

    private static async Task<Guid> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonObjectAsync())["id"]!.GetValue<Guid>();
    }

    public Task DisposeAsync()
    {
        Admin.Dispose();
        A.Dispose();
        B.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }
}
