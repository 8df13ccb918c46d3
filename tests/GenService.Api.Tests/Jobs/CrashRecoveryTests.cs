using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Infrastructure;
using GenService.Api.Tests.Generations;
using GenService.Api.Tests.Infrastructure;
using Npgsql;

namespace GenService.Api.Tests.Jobs;

/// <summary>
/// The service is killed (SIGKILL, no shutdown code runs) while a job of every kind is queued, running or
/// waiting, and restarted on the same data: every job must then finish. The evaluation waits for a feature
/// network at the kill, and its job id from the first process is the one the restarted in-memory job
/// storage hands the feature network's new job (two training runs are recovered before it).
/// </summary>
public class CrashRecoveryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Theory, DatabaseProviders]
    public async Task EveryQueuedOrRunningJobFinishesAfterTheServiceIsKilled(DatabaseProvider provider)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("genservice-test-").FullName;
        var postgres = provider == DatabaseProvider.Postgres ? PostgresServer.CreateDatabase($"genservice_test_{Guid.NewGuid():N}") : null;
        await using var webhook = await WebhookReceiver.StartAsync(503, 200);
        var settings = Settings(dataDirectory, postgres);
        try
        {
            JsonObject killedAt;
            Guid datasetId, modelId, featureNetworkId, evaluationId, hookId, runningGenerationId, queuedGenerationId, runningRunId, queuedRunId;
            using (var first = await ServiceProcess.StartAsync(settings))
            {
                var client = first.Client;
                (datasetId, modelId) = await client.TrainTinyVaeAsync();

                featureNetworkId = await PostForIdAsync(client, $"/v1/datasets/{datasetId}/feature-networks", new { });
                await WaitForAsync(client, $"/v1/datasets/{datasetId}/feature-networks/{featureNetworkId}", f => Status(f) == "Training");
                evaluationId = await PostForIdAsync(client, $"/v1/models/{modelId}/evaluations", new { });

                // Succeeds at once; its webhook's first call gets a 503, and the retry is ten minutes away.
                hookId = await PostForIdAsync(client, $"/v1/models/{modelId}/generations", new { count = 1, webhookUrl = webhook.Url });
                await WaitUntilAsync(() => Task.FromResult(!webhook.Calls.IsEmpty));
                // One generation worker: the second waits behind the first.
                runningGenerationId = await PostForIdAsync(client, $"/v1/models/{modelId}/generations", new { count = 2048 });
                queuedGenerationId = await PostForIdAsync(client, $"/v1/models/{modelId}/generations", new { count = 2 });
                await WaitForAsync(client, $"/v1/generations/{runningGenerationId}", g => g["completedImages"]!.GetValue<int>() > 0);
                // One training worker: the second run waits behind the first.
                runningRunId = (await client.StartRunAsync(datasetId, new { steps = 1_000_000, batch_size = 8, latent_dim = 4, base_channels = 8 }))["id"]!.GetValue<Guid>();
                queuedRunId = (await client.StartRunAsync(datasetId, new { steps = 10, batch_size = 8, latent_dim = 4, base_channels = 8 }))["id"]!.GetValue<Guid>();
                killedAt = await WaitForAsync(client, $"/v1/training-runs/{runningRunId}", r => r["lastCheckpointStep"] is not null);

                var featureNetwork = await client.GetFromJsonAsync<JsonObject>($"/v1/datasets/{datasetId}/feature-networks/{featureNetworkId}");
                var running = await client.GetFromJsonAsync<JsonObject>($"/v1/generations/{runningGenerationId}");
                first.Kill();
                Assert.True(Status(featureNetwork!) == "Training", "The feature network finished before the kill: give it more steps.");
                Assert.True(Status(running!) == "Running", "The generation finished before the kill: give it more images.");
            }

            using var second = await ServiceProcess.StartAsync(settings);
            var restarted = second.Client;
            var resumed = await WaitForAsync(restarted, $"/v1/training-runs/{runningRunId}", r => r["attempts"]!.GetValue<int>() == 2 && Status(r) == "Running", second);
            await restarted.PostAsync($"/v1/training-runs/{runningRunId}/cancel", null);
            await WaitForAsync(restarted, $"/v1/training-runs/{runningRunId}", r => Status(r) == "Canceled", second);
            await WaitForAsync(restarted, $"/v1/training-runs/{queuedRunId}", r => Status(r) == "Succeeded", second);

            await WaitForAsync(restarted, $"/v1/datasets/{datasetId}/feature-networks/{featureNetworkId}", f => Status(f) == "Ready", second);
            await WaitForAsync(restarted, $"/v1/models/{modelId}/evaluations/{evaluationId}", e => Status(e) == "Succeeded", second);
            await WaitForAsync(restarted, $"/v1/generations/{runningGenerationId}", g => Status(g) == "Succeeded", second);
            await WaitForAsync(restarted, $"/v1/generations/{queuedGenerationId}", g => Status(g) == "Succeeded", second);
            var hook = await WaitForAsync(restarted, $"/v1/generations/{hookId}", g => g["webhookStatus"]!.GetValue<string>() == "Delivered", second);
            Assert.Equal(2, hook["webhookAttempts"]!.GetValue<int>());
            Assert.Equal(2, webhook.Calls.Count);
            Assert.True(resumed["resumedFromStep"]!.GetValue<long>() >= killedAt["lastCheckpointStep"]!.GetValue<long>());
        }
        finally
        {
            if (postgres is not null)
                PostgresServer.DropDatabase(new NpgsqlConnectionStringBuilder(postgres).Database!);
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>The test host's small settings (see <see cref="GenServiceFactory"/>), one worker per job kind
    /// so that a second job of a kind stays queued, a webhook retry that never comes before the kill, and webhooks
    /// allowed to 127.0.0.1, where the receiver listens.</summary>
    private static Dictionary<string, string> Settings(string dataDirectory, string? postgres) => new()
    {
        ["Storage:DataDirectory"] = dataDirectory,
        ["ConnectionStrings:Postgres"] = postgres ?? "",
        ["Training:ValidationFraction"] = "0.2",
        ["Training:CheckpointEvery"] = "5",
        ["Jobs:LeaseDuration"] = "00:00:03",
        ["Training:PollInterval"] = "00:00:00.200",
        ["Generations:WorkerCount"] = "1",
        ["Generations:WebhookFirstRetryDelay"] = "00:10:00",
        ["Generations:WebhookAllowedNetworks:0"] = "127.0.0.1/32",
        ["Evaluation:AfterTraining"] = "false",
        // Two: the evaluation's job runs, and waits, while the feature network trains.
        ["Evaluation:WorkerCount"] = "2",
        ["Evaluation:SampleCount"] = "20",
        ["Evaluation:KidSubsets"] = "10",
        ["Evaluation:KidSubsetSize"] = "10",
        ["Evaluation:PollInterval"] = "00:00:00.100",
        // Enough steps (about 20 s here) to be still training when the service is killed a few seconds after it started.
        ["Evaluation:FeatureNetwork:Steps"] = "2000",
        ["Evaluation:FeatureNetwork:BaseChannels"] = "4",
        ["Evaluation:FeatureNetwork:BatchSize"] = "32",
        ["Evaluation:FeatureNetwork:LearningRate"] = "0.01",
    };

    private static string Status(JsonObject resource) => resource["status"]!.GetValue<string>();

    private static async Task<Guid> PostForIdAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonObjectAsync())["id"]!.GetValue<Guid>();
    }

    private static async Task<JsonObject> WaitForAsync(HttpClient client, string path, Func<JsonObject, bool> condition, ServiceProcess? service = null)
    {
        JsonObject? resource = null;
        await WaitUntilAsync(async () => condition(resource = (await client.GetFromJsonAsync<JsonObject>(path))!), () => $"{path}: {resource?.ToJsonString()}\n{service?.Output}");
        return resource!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not reached within {Timeout}: {describe?.Invoke()}");
            await Task.Delay(100);
        }
    }
}
