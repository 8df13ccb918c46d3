using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace GenService.Benchmarks;

/// <summary>Trains a model through the service's API, as a client would, for the benchmarks that then time it.</summary>
public static class ServiceTraining
{
    /// <summary>Starts a run of <paramref name="architecture"/> on the dataset of <paramref name="imported"/> (the
    /// answer to a dataset import) and waits for it.</summary>
    /// <param name="settings">Hyperparameters other than their defaults, besides the steps.</param>
    /// <returns>The trained model's id.</returns>
    public static async Task<Guid> TrainAsync(HttpClient client, HttpResponseMessage imported, string architecture, int steps, TimeSpan timeout,
        IReadOnlyDictionary<string, object>? settings = null)
    {
        var dataset = await imported.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>();
        var hyperparameters = new Dictionary<string, object>(settings ?? new Dictionary<string, object>()) { ["steps"] = steps };
        var run = await (await client.PostAsJsonAsync("/v1/training-runs",
                new { architecture, datasetId = dataset!["id"], hyperparameters }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var state = await client.GetFromJsonAsync<JsonObject>($"/v1/training-runs/{run!["id"]}");
            switch (state!["status"]!.GetValue<string>())
            {
                case "Succeeded":
                    return state["modelId"]!.GetValue<Guid>();
                case "Failed" or "Canceled":
                    throw new InvalidOperationException($"Training failed: {state.ToJsonString()}");
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The {architecture} run took over {timeout.TotalMinutes:F0} minutes.");
    }
}
