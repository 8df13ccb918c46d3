using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json.Nodes;
using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.Api.Tests.Infrastructure;
using GenService.Api.Training;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GenService.Api.Tests.Training;

/// <summary>A run outlives the process that trains it: after a shutdown or a crash it resumes from its
/// newest checkpoint, and never trains twice at once.</summary>
public class TrainingRecoveryTests
{
    [Theory, DatabaseProviders]
    public async Task ARunStoppedByShutdownResumesFromItsCheckpointAfterRestart(DatabaseProvider provider)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("genservice-test-").FullName;
        Guid runId;
        long stoppedAt;
        string? postgres;
        using (var first = new GenServiceFactory(provider, dataDirectory))
        {
            first.Settings["Training:CheckpointEvery"] = "5";
            using var client = first.CreateClient();
            var datasetId = await client.ImportFashionMnistAsync(limit: 60);
            runId = (await client.StartRunAsync(datasetId, new { steps = 1_000_000, batch_size = 8, latent_dim = 4, base_channels = 8 }))["id"]!.GetValue<Guid>();
            await WaitUntilAsync(async () => (await client.GetFromJsonAsync<JsonObject>($"/v1/training-runs/{runId}"))!["lastCheckpointStep"] is not null);
            postgres = first.PostgresConnectionString;
            first.KeepData = true;
        }

        // Between the two processes: the run is left Running, its lease given up, its last step checkpointed.
        await using (var db = OpenDatabase(provider, dataDirectory, postgres))
        {
            var run = await db.TrainingRuns.SingleAsync(r => r.Id == runId);
            Assert.Equal(TrainingRunStatus.Running, run.Status);
            Assert.Null(run.LeaseOwner);
            stoppedAt = run.LastCheckpointStep!.Value;
        }

        using var second = new GenServiceFactory(provider, dataDirectory, postgres);
        second.Settings["Training:PollInterval"] = "00:00:00.200";
        using var secondClient = second.CreateClient();
        var resumed = await WaitForAsync(secondClient, runId, r => r["attempts"]!.GetValue<int>() == 2 && r["status"]!.GetValue<string>() == "Running");
        Assert.Equal(stoppedAt, resumed["resumedFromStep"]!.GetValue<long>());

        await secondClient.PostAsync($"/v1/training-runs/{runId}/cancel", null);
        await secondClient.WaitForRunAsync(runId, TimeSpan.FromSeconds(30), "Canceled");
    }

    [Fact]
    public async Task ARunLeftByACrashedWorkerResumesOnceItsLeaseLapses()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("genservice-test-").FullName;
        Guid runId;
        using (var first = new GenServiceFactory(DatabaseProvider.Sqlite, dataDirectory))
        {
            first.KeepData = true;
            first.Settings["Training:CheckpointEvery"] = "10";
            using var client = first.CreateClient();
            var datasetId = await client.ImportFashionMnistAsync(limit: 60);
            runId = (await client.StartRunAsync(datasetId, new { steps = 40, batch_size = 8, latent_dim = 4, base_channels = 8 }))["id"]!.GetValue<Guid>();
            await client.WaitForRunAsync(runId, TimeSpan.FromMinutes(2), "Succeeded");

            // Leave exactly what a process killed between steps 30 and 40 leaves: a Running run whose
            // worker's lease has not lapsed yet, and checkpoints up to step 30.
            using var scope = first.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
            var run = await db.TrainingRuns.Include(r => r.Model).SingleAsync(r => r.Id == runId);
            run.Status = TrainingRunStatus.Running;
            run.Step = 35;
            run.FinishedAt = null;
            run.LeaseOwner = "a-worker-that-died";
            run.LeaseExpiresAt = DateTime.UtcNow.AddSeconds(3);
            run.Model!.Status = ModelStatus.Training;
            await db.SaveChangesAsync();
            File.Delete(Path.Combine(dataDirectory, StorageLayout.RunCheckpoints(runId), "step-000000040.ckpt"));
        }

        using var second = new GenServiceFactory(DatabaseProvider.Sqlite, dataDirectory);
        using var secondClient = second.CreateClient();
        var finished = await secondClient.WaitForRunAsync(runId, TimeSpan.FromMinutes(2), "Succeeded", "Failed");

        Assert.Equal("Succeeded", finished["status"]!.GetValue<string>());
        Assert.Equal(30, finished["resumedFromStep"]!.GetValue<long>());
        Assert.Equal(2, finished["attempts"]!.GetValue<int>());
        Assert.Equal(40, finished["step"]!.GetValue<long>());
        var model = await secondClient.GetFromJsonAsync<JsonObject>($"/v1/models/{finished["modelId"]}");
        Assert.Equal("Ready", model!["status"]!.GetValue<string>());
    }

    [Fact]
    public void TrainingJobsAreNotRetriedByHangfire()
    {
        // Read as metadata: constructing Hangfire's attribute would touch its process-wide log provider.
        var retry = typeof(TrainingJob).GetMethod(nameof(TrainingJob.Run))!.CustomAttributes.Single(a => a.AttributeType == typeof(AutomaticRetryAttribute));
        Assert.Equal(0, retry.NamedArguments.Single(a => a.MemberName == nameof(AutomaticRetryAttribute.Attempts)).TypedValue.Value);
    }

    [PostgresFact]
    public void PostgresJobStorageUsesASlidingInvisibilityTimeoutFromTheJobsSettings()
    {
        var defaults = PostgresJobStorageOptions(new Dictionary<string, string?>());
        Assert.True(defaults.UseSlidingInvisibilityTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), defaults.InvisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), defaults.QueuePollInterval);

        var configured = PostgresJobStorageOptions(new() { ["Jobs:InvisibilityTimeout"] = "00:00:20", ["Jobs:QueuePollInterval"] = "00:00:02" });
        Assert.True(configured.UseSlidingInvisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), configured.InvisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), configured.QueuePollInterval);
    }

    private static Hangfire.PostgreSql.PostgreSqlStorageOptions PostgresJobStorageOptions(Dictionary<string, string?> settings)
    {
        using var factory = new GenServiceFactory(DatabaseProvider.Postgres);
        foreach (var (key, value) in settings)
            factory.Settings[key] = value;
        var storage = Assert.IsType<Hangfire.PostgreSql.PostgreSqlStorage>(factory.GetService<JobStorage>());
        return (Hangfire.PostgreSql.PostgreSqlStorageOptions)typeof(Hangfire.PostgreSql.PostgreSqlStorage)
            .GetProperty("Options", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!.GetValue(storage)!;
    }

    private static GenServiceDbContext OpenDatabase(DatabaseProvider provider, string dataDirectory, string? postgres) =>
        provider == DatabaseProvider.Postgres
            ? new PostgresGenServiceDbContext(new DbContextOptionsBuilder<PostgresGenServiceDbContext>().UseNpgsql(postgres).Options)
            : new SqliteGenServiceDbContext(new DbContextOptionsBuilder<SqliteGenServiceDbContext>()
                .UseSqlite($"Data Source={Path.Combine(dataDirectory, "genservice.db")}").Options);

    private static async Task<JsonObject> WaitForAsync(HttpClient client, Guid runId, Func<JsonObject, bool> condition)
    {
        JsonObject? run = null;
        await WaitUntilAsync(async () => condition(run = (await client.GetFromJsonAsync<JsonObject>($"/v1/training-runs/{runId}"))!));
        return run!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Condition not met within 2 minutes.");
            await Task.Delay(100);
        }
    }
}
