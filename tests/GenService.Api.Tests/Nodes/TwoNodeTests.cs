using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Tests.Infrastructure;
using GenService.Api.Tests.Jobs;

namespace GenService.Api.Tests.Nodes;

/// <summary>
/// Two service processes on one PostgreSQL database and one data folder (<see cref="TwoNodes"/>): a run or a
/// generation is worked on by one node at a time and moves to the other when its node is killed; records made on
/// one node are seen, served and finished by the other.
/// </summary>
public class TwoNodeTests
{
    /// <summary>What deploy/README.md promises for a killed node's run with the default settings; the test's
    /// settings make it seconds.</summary>
    private static readonly TimeSpan ResumeWithin = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [PostgresFact]
    public async Task AKilledNodesRunIsResumedByTheOtherNodeFromItsLastCheckpoint()
    {
        using var nodes = await TwoNodes.StartAsync("api,inference,training,evaluation", "api,inference,training,evaluation");
        var datasetId = await nodes.First.Client.ImportFashionMnistAsync(limit: 120);
        var runId = (await nodes.First.Client.StartRunAsync(datasetId, new { steps = 1_000_000, batch_size = 8, latent_dim = 4, base_channels = 8 }))["id"]!.GetValue<Guid>();
        await WaitForAsync(nodes.First, $"/v1/training-runs/{runId}", r => r["lastCheckpointStep"] is not null);

        // Long past the invisibility timeout, the job is still with the one node that took it: its live worker
        // keeps the job fetched, so the other node's idle training server never gets it.
        await Task.Delay(3 * TwoNodes.InvisibilityTimeout);
        var holder = nodes.RunHolder(runId)!;
        var processedBy = nodes.ServersThatProcessedRun(runId);
        Assert.True(processedBy.Count == 1, $"The run's job was taken up {processedBy.Count} times: {string.Join(", ", processedBy)}");
        Assert.StartsWith($"{holder}:", processedBy[0]);

        var killed = nodes.Named(holder);
        var survivor = killed == nodes.First ? nodes.Second : nodes.First;
        var killedAt = (await survivor.Client.GetFromJsonAsync<JsonObject>($"/v1/training-runs/{runId}"))!;
        Assert.Equal(1, killedAt["attempts"]!.GetValue<int>());
        var sinceKill = Stopwatch.StartNew();
        killed.Kill();

        var resumed = await WaitForAsync(survivor, $"/v1/training-runs/{runId}", r => r["attempts"]!.GetValue<int>() == 2 && Status(r) == "Running", ResumeWithin);
        var resumedAfter = sinceKill.Elapsed;
        Assert.True(resumed["resumedFromStep"]!.GetValue<long>() >= killedAt["lastCheckpointStep"]!.GetValue<long>(), resumed.ToJsonString());
        var survivorName = holder == "node-a" ? "node-b" : "node-a";
        Assert.Equal(survivorName, nodes.RunHolder(runId));
        processedBy = nodes.ServersThatProcessedRun(runId);
        Assert.Equal(2, processedBy.Count);
        Assert.StartsWith($"{survivorName}:", processedBy[1]);
        await WaitForAsync(survivor, $"/v1/training-runs/{runId}", r => r["step"]!.GetValue<long>() > resumed["resumedFromStep"]!.GetValue<long>());

        Assert.True((await survivor.Client.PostAsync($"/v1/training-runs/{runId}/cancel", null)).IsSuccessStatusCode);
        await WaitForAsync(survivor, $"/v1/training-runs/{runId}", r => Status(r) == "Canceled");
        Assert.True(resumedAfter < ResumeWithin, $"Resumed {resumedAfter} after the kill.");
    }

    [PostgresFact]
    public async Task BothNodesServeTheSameModelAndFinishWhatTheOtherStarted()
    {
        // Only node-b trains and evaluates; both serve the API and run models.
        using var nodes = await TwoNodes.StartAsync("api,inference", "api,inference,training,evaluation");
        var (a, b) = (nodes.First.Client, nodes.Second.Client);
        Assert.Contains("Node node-a has the roles api,inference (Node:Roles)", nodes.First.Output);
        Assert.Contains("Node node-b has the roles api,inference,training,evaluation (Node:Roles)", nodes.Second.Output);
        var datasetId = await a.ImportFashionMnistAsync(limit: 120);
        var runId = (await a.StartRunAsync(datasetId, new { steps = 20, batch_size = 16, latent_dim = 4, base_channels = 8 }))["id"]!.GetValue<Guid>();
        var run = await WaitForAsync(nodes.First, $"/v1/training-runs/{runId}", r => Status(r) is "Succeeded" or "Failed");
        Assert.Equal("Succeeded", Status(run));
        Assert.StartsWith("node-b:", Assert.Single(nodes.ServersThatProcessedRun(runId)));
        var modelId = run["modelId"]!.GetValue<Guid>();

        var fromA = await SampleAsync(a, modelId);
        var fromB = await SampleAsync(b, modelId);
        Assert.Equal(fromA, fromB);

        // Started on node-a, which has no evaluation workers: node-b evaluates it, and both see it end.
        var evaluation = await a.PostAsJsonAsync($"/v1/models/{modelId}/evaluations", new { });
        Assert.Equal(HttpStatusCode.Accepted, evaluation.StatusCode);
        var evaluationPath = $"/v1/models/{modelId}/evaluations/{(await evaluation.ReadJsonObjectAsync())["id"]!.GetValue<Guid>()}";
        Assert.NotNull(await b.GetFromJsonAsync<JsonObject>(evaluationPath));
        await WaitForAsync(nodes.Second, evaluationPath, e => Status(e) is "Succeeded" or "Failed");
        Assert.Equal("Succeeded", Status((await a.GetFromJsonAsync<JsonObject>(evaluationPath))!));

        // Started on node-a, seen on node-b, and its images are the same bytes from either.
        var generation = await a.PostAsJsonAsync($"/v1/models/{modelId}/generations", new { count = 3, seed = 42 });
        Assert.Equal(HttpStatusCode.Accepted, generation.StatusCode);
        var generationPath = $"/v1/generations/{(await generation.ReadJsonObjectAsync())["id"]!.GetValue<Guid>()}";
        await WaitForAsync(nodes.Second, generationPath, g => Status(g) is "Succeeded" or "Failed");
        Assert.Equal("Succeeded", Status((await a.GetFromJsonAsync<JsonObject>(generationPath))!));
        for (var index = 0; index < 3; index++)
            Assert.Equal(await a.GetByteArrayAsync($"{generationPath}/images/{index}"), await b.GetByteArrayAsync($"{generationPath}/images/{index}"));
    }

    [PostgresFact]
    public async Task AKilledNodesGenerationIsFinishedByTheOtherNodeFromItsStoredImages()
    {
        using var nodes = await TwoNodes.StartAsync("api,inference,training", "api,inference");
        var (_, modelId) = await nodes.First.Client.TrainTinyVaeAsync();
        const int count = 2048;
        var response = await nodes.First.Client.PostAsJsonAsync($"/v1/models/{modelId}/generations", new { count, seed = 42 });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var generationId = (await response.ReadJsonObjectAsync())["id"]!.GetValue<Guid>();
        var generationPath = $"/v1/generations/{generationId}";
        var killedAt = await WaitForAsync(nodes.First, generationPath, g => g["completedImages"]!.GetValue<int>() > 0);

        var holder = nodes.GenerationHolder(generationId)!;
        var killed = nodes.Named(holder);
        var survivor = killed == nodes.First ? nodes.Second : nodes.First;
        killed.Kill();
        Assert.True(Status(killedAt) == "Running", "The generation finished before the kill: give it more images.");

        var survivorName = holder == "node-a" ? "node-b" : "node-a";
        await WaitForAsync(survivor, generationPath, g => nodes.GenerationHolder(generationId) == survivorName || Status(g) != "Running", ResumeWithin);
        var done = await WaitForAsync(survivor, generationPath, g => Status(g) is "Succeeded" or "Failed");
        Assert.Equal("Succeeded", Status(done));
        Assert.Equal(count, done["completedImages"]!.GetValue<int>());
        // The killed node's first image and the survivor's last are the images of their seeds, byte for byte.
        foreach (var index in new[] { 0, count - 1 })
        {
            var alone = await survivor.Client.PostAsJsonAsync($"/v1/models/{modelId}/samples", new { count = 1, seed = 42 + index, layout = "single" });
            Assert.Equal(await alone.Content.ReadAsByteArrayAsync(), await survivor.Client.GetByteArrayAsync($"{generationPath}/images/{index}"));
        }
    }

    private static async Task<byte[]> SampleAsync(HttpClient client, Guid modelId)
    {
        var response = await client.PostAsJsonAsync($"/v1/models/{modelId}/samples", new { count = 9, seed = 42 });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static string Status(JsonObject resource) => resource["status"]!.GetValue<string>();

    private static async Task<JsonObject> WaitForAsync(ServiceProcess node, string path, Func<JsonObject, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (true)
        {
            var resource = (await node.Client.GetFromJsonAsync<JsonObject>(path))!;
            if (condition(resource))
                return resource;
            Assert.True(DateTime.UtcNow < deadline, $"Not reached within {timeout ?? Timeout}: {path}: {resource.ToJsonString()}\n{node.Output}");
            await Task.Delay(100);
        }
    }
}
