using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace GenService.Api.Tests.Evaluation;

/// <summary>Waiting for evaluations and feature networks, as a client polls them.</summary>
public static class EvaluationClientExtensions
{
    /// <summary>Polls until the model has an evaluation (the one given, or any) that succeeded or failed.</summary>
    public static async Task<JsonObject> WaitForEvaluationAsync(this HttpClient client, Guid modelId, TimeSpan timeout, Guid? evaluationId = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var evaluations = (await client.GetFromJsonAsync<JsonArray>($"/v1/models/{modelId}/evaluations"))!;
            var finished = evaluations.OfType<JsonObject>().FirstOrDefault(e =>
                (evaluationId is null || e["id"]!.GetValue<Guid>() == evaluationId)
                && e["status"]!.GetValue<string>() is "Succeeded" or "Failed");
            if (finished is not null)
                return finished;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"No finished evaluation of model {modelId} after {timeout}: {evaluations.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    public static async Task<JsonObject> WaitForFeatureNetworkAsync(this HttpClient client, Guid datasetId, Guid id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var featureNetwork = (await client.GetFromJsonAsync<JsonObject>($"/v1/datasets/{datasetId}/feature-networks/{id}"))!;
            if (featureNetwork["status"]!.GetValue<string>() is "Ready" or "Failed")
                return featureNetwork;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Feature network {id} not finished after {timeout}: {featureNetwork.ToJsonString()}");
            await Task.Delay(100);
        }
    }
}
