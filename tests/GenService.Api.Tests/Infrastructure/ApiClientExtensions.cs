using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GenService.Api.Tests.Infrastructure;

/// <summary>What a test does over HTTP, as a client would.</summary>
public static class ApiClientExtensions
{
    public static async Task<JsonObject> ReadJsonObjectAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    /// <summary>Imports a slice of Fashion-MNIST (Debian package dataset-fashion-mnist) and returns its id.</summary>
    public static async Task<Guid> ImportFashionMnistAsync(this HttpClient client, int limit)
    {
        var response = await client.PostAsJsonAsync("/v1/datasets/fashion-mnist", new { limit });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonObjectAsync())["id"]!.GetValue<Guid>();
    }

    public static async Task<JsonObject> StartRunAsync(this HttpClient client, Guid datasetId, object hyperparameters, long seed = 7, string architecture = "vae")
    {
        var response = await client.PostAsJsonAsync("/v1/training-runs", new { architecture, datasetId, hyperparameters, seed });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonObjectAsync();
    }

    /// <summary>Trains a tiny VAE on a slice of Fashion-MNIST through the API, as a user would.</summary>
    public static async Task<(Guid DatasetId, Guid ModelId)> TrainTinyVaeAsync(this HttpClient client)
    {
        var datasetId = await client.ImportFashionMnistAsync(limit: 120);
        var run = await client.StartRunAsync(datasetId, new { steps = 20, batch_size = 16, latent_dim = 4, base_channels = 8 });
        var finished = await client.WaitForRunAsync(run["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed");
        Assert.Equal("Succeeded", finished["status"]!.GetValue<string>());
        return (datasetId, finished["modelId"]!.GetValue<Guid>());
    }

    /// <summary>Polls a run until it reaches one of the given statuses (or fails the test after the timeout).</summary>
    public static async Task<JsonObject> WaitForRunAsync(this HttpClient client, Guid runId, TimeSpan timeout, params string[] statuses)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var run = await client.GetFromJsonAsync<JsonObject>($"/v1/training-runs/{runId}");
            var status = run!["status"]!.GetValue<string>();
            if (statuses.Contains(status))
                return run;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Run {runId} still {status} after {timeout}: {run.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    /// <summary>Polls a generation until it has the status (and webhook status), or fails the test after a minute.</summary>
    public static async Task<JsonObject> WaitForGenerationAsync(this HttpClient client, string url, string status, string? webhookStatus = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var generation = (await client.GetFromJsonAsync<JsonObject>(url))!;
            var current = generation["status"]!.GetValue<string>();
            if (current == status && (webhookStatus is null || generation["webhookStatus"]?.GetValue<string>() == webhookStatus))
                return generation;
            Assert.True(current is not ("Failed" or "Succeeded") || current == status, generation.ToJsonString());
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Generation still {current}: {generation.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    public static async Task AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? detailContains = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        if (detailContains is not null)
            Assert.Contains(detailContains, body, StringComparison.OrdinalIgnoreCase);
    }
}
