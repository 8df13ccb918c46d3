using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Auth;

/// <summary>The service's admin key is a key of the database: listed, revocable through DELETE /v1/keys/{id}, never the last admin key.</summary>
public sealed class AdminKeyRevocationTests
{
    [Fact]
    public async Task TheAdminKeyIsListedAndAsTheLastAdminKeyItsRevocationIs409()
    {
        using var factory = new GenServiceFactory();
        using var admin = factory.CreateClient();
        var adminKey = await AdminKeyRecordAsync(admin);
        Assert.Equal(["admin"], adminKey["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.StartsWith(adminKey["prefix"]!.GetValue<string>(), GenServiceFactory.AdminKey);
        var id = adminKey["id"]!.GetValue<Guid>();
        Assert.Equal(id, (await admin.GetFromJsonAsync<JsonObject>("/v1/account"))!["key"]!["id"]!.GetValue<Guid>());
        // A key of every other scope is no way back in.
        (await admin.PostAsJsonAsync("/v1/keys", new { name = "all but admin", scopes = new[] { "read", "generate", "train" } })).EnsureSuccessStatusCode();

        var refused = await admin.DeleteAsync($"/v1/keys/{id}");

        await refused.AssertProblemAsync(HttpStatusCode.Conflict, "last working key with the admin scope");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/keys")).StatusCode);
    }

    [Fact]
    public async Task ARevokedAdminKeyIs401OnItsNextRequestAndTheOtherAdminKeyIsThenTheLast()
    {
        using var factory = new GenServiceFactory();
        using var admin = factory.CreateClient();
        var adminKeyId = (await AdminKeyRecordAsync(admin))["id"]!.GetValue<Guid>();
        var created = await (await admin.PostAsJsonAsync("/v1/keys", new { name = "second admin", scopes = new[] { "admin" } })).ReadJsonObjectAsync();
        using var secondAdmin = ClientWith(factory, created["key"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/keys/{adminKeyId}")).StatusCode);

        await (await admin.GetAsync("/v1/keys")).AssertProblemAsync(HttpStatusCode.Unauthorized, "revoked");
        Assert.NotNull((await secondAdmin.GetFromJsonAsync<JsonObject>($"/v1/keys/{adminKeyId}"))!["revokedAt"]);
        var last = await secondAdmin.DeleteAsync($"/v1/keys/{created["apiKey"]!["id"]!.GetValue<Guid>()}");
        await last.AssertProblemAsync(HttpStatusCode.Conflict, "last working key with the admin scope");
    }

    [Fact]
    public async Task ARevokedAdminKeyStaysRevokedAfterARestartAndDeletingItsFileMakesANewOne()
    {
        string dataDirectory;
        string secondAdminKey;
        string file;
        using (var first = WithoutConfiguredKey(new GenServiceFactory { KeepData = true }))
        {
            dataDirectory = first.DataDirectory;
            file = Path.Combine(dataDirectory, "secrets", "admin-key");
            using var admin = StartedClientWithItsFileKey(first, file);
            var adminKeyId = (await AdminKeyRecordAsync(admin))["id"]!.GetValue<Guid>();
            var created = await (await admin.PostAsJsonAsync("/v1/keys", new { name = "second admin", scopes = new[] { "admin" } })).ReadJsonObjectAsync();
            secondAdminKey = created["key"]!.GetValue<string>();
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/keys/{adminKeyId}")).StatusCode);
        }
        var revokedKey = File.ReadAllText(file).Trim();

        using (var restarted = WithoutConfiguredKey(new GenServiceFactory(dataDirectory: dataDirectory) { KeepData = true }))
        {
            using var client = ClientWith(restarted, revokedKey);
            await (await client.GetAsync("/v1/keys")).AssertProblemAsync(HttpStatusCode.Unauthorized, "revoked");
        }

        File.Delete(file);
        using var renewed = WithoutConfiguredKey(new GenServiceFactory(dataDirectory: dataDirectory));
        using var newAdmin = StartedClientWithItsFileKey(renewed, file);
        var newKey = File.ReadAllText(file).Trim();
        Assert.NotEqual(revokedKey, newKey);
        var adminKeys = (await newAdmin.GetFromJsonAsync<JsonArray>("/v1/keys"))!.Where(k => k!["name"]!.GetValue<string>() == "admin key").ToList();
        Assert.Equal(2, adminKeys.Count);
        Assert.Single(adminKeys, k => k!["revokedAt"] is null && newKey.StartsWith(k["prefix"]!.GetValue<string>(), StringComparison.Ordinal));
        using var secondAdmin = ClientWith(renewed, secondAdminKey);
        Assert.Equal(HttpStatusCode.OK, (await secondAdmin.GetAsync("/v1/keys")).StatusCode);
    }

    [Fact]
    public async Task AStartWithAnotherConfiguredAdminKeyRevokesTheOneBefore()
    {
        const string replacement = "gs_replacement-admin-key-of-this-test-00000000";
        string dataDirectory;
        using (var first = new GenServiceFactory { KeepData = true })
        {
            dataDirectory = first.DataDirectory;
            using var admin = first.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/keys")).StatusCode);
        }

        using var second = new GenServiceFactory(dataDirectory: dataDirectory) { Settings = { ["Auth:AdminKey"] = replacement } };
        using var old = second.CreateClient();
        using var current = ClientWith(second, replacement);

        await (await old.GetAsync("/v1/keys")).AssertProblemAsync(HttpStatusCode.Unauthorized, "revoked");
        Assert.Equal(HttpStatusCode.OK, (await current.GetAsync("/v1/keys")).StatusCode);
    }

    private static async Task<JsonObject> AdminKeyRecordAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonArray>("/v1/keys"))!.Single(k => k!["name"]!.GetValue<string>() == "admin key")!.AsObject();

    private static HttpClient ClientWith(GenServiceFactory factory, string key)
    {
        var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>A client of the factory's host, which writes the admin key's file as it starts, sending that key.</summary>
    private static HttpClient StartedClientWithItsFileKey(GenServiceFactory factory, string file)
    {
        var client = factory.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(file).Trim());
        return client;
    }

    private static GenServiceFactory WithoutConfiguredKey(GenServiceFactory factory)
    {
        factory.Settings["Auth:AdminKey"] = "";
        return factory;
    }
}
