using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Entities;
using GenService.Api.Evaluation;
using GenService.Api.Generations;
using GenService.Api.Infrastructure;
using GenService.Api.Jobs;
using GenService.Api.Tests.Evaluation;
using GenService.Api.Tests.Infrastructure;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GenService.Api.Tests.Jobs;

/// <summary>
/// A generation, evaluation or feature network that a crashed worker left running, its lease not lapsed yet, is taken
/// over by the live node's next job for it (as a dead node's job is handed to another node) only once the lease lapses,
/// and finished: a generation from its stored images, the others from the start. The lease itself (<see cref="RecordLeases"/>)
/// lets one worker at a time hold a record.
/// </summary>
public class LeaseTakeoverTests(LeaseTakeoverTests.VaeFixture vae) : IClassFixture<LeaseTakeoverTests.VaeFixture>
{
    private const string DeadWorker = "a-worker-that-died";

    /// <summary>Long enough that the live node's job is seen waiting for it, short enough for a quick test.</summary>
    private static readonly TimeSpan DeadWorkersLease = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private HttpClient Client => vae.Client;

    [Fact]
    public async Task AGenerationLeftRunningIsFinishedFromItsStoredImagesWithTheSameBytes()
    {
        var location = await PostForLocationAsync($"/v1/models/{vae.ModelId}/generations", new { count = 6, seed = 3 });
        var id = Guid.Parse(location.Split('/')[^1]);
        await Client.WaitForGenerationAsync(location, "Succeeded");
        var original = await ImagesAsync(location, 6);

        // What a worker killed after storing images 0 and 1 leaves: a Running generation, two images, its live lease.
        await ChangeAsync<Generation>(id, g =>
        {
            g.Status = GenerationStatus.Running;
            g.CompletedImages = 2;
            g.FinishedAt = null;
            g.LeaseOwner = DeadWorker;
            g.LeaseExpiresAt = DateTime.UtcNow + DeadWorkersLease;
        });
        var folder = Path.Combine(vae.Factory.DataDirectory, StorageLayout.Generation(id));
        foreach (var image in Directory.GetFiles(folder).Order().Skip(2))
            File.Delete(image);

        GenerationService.Enqueue(Jobs, id);
        await AssertStillHeldByTheDeadWorkerAsync<Generation>(id);
        var done = await Client.WaitForGenerationAsync(location, "Succeeded");

        Assert.Equal(6, done["completedImages"]!.GetValue<int>());
        Assert.Equal(6, Directory.GetFiles(folder).Length);
        Assert.Equal(original, await ImagesAsync(location, 6));
        Assert.Null((await FindAsync<Generation>(id)).LeaseOwner);
    }

    [Fact]
    public async Task AnEvaluationLeftRunningIsEvaluatedAgain()
    {
        var id = Guid.Parse((await PostForLocationAsync($"/v1/models/{vae.ModelId}/evaluations", new { })).Split('/')[^1]);
        Assert.Equal("Succeeded", (await Client.WaitForEvaluationAsync(vae.ModelId, Timeout, id))["status"]!.GetValue<string>());

        await ChangeAsync<ModelEvaluation>(id, e =>
        {
            e.Status = EvaluationStatus.Running;
            e.Figures = [];
            e.FinishedAt = null;
            e.LeaseOwner = DeadWorker;
            e.LeaseExpiresAt = DateTime.UtcNow + DeadWorkersLease;
        });

        EvaluationService.Enqueue(Jobs, id);
        await AssertStillHeldByTheDeadWorkerAsync<ModelEvaluation>(id);
        var done = await Client.WaitForEvaluationAsync(vae.ModelId, Timeout, id);

        Assert.Equal("Succeeded", done["status"]!.GetValue<string>());
        var evaluation = await FindAsync<ModelEvaluation>(id);
        Assert.NotEmpty(evaluation.Figures);
        Assert.Null(evaluation.LeaseOwner);
    }

    [Fact]
    public async Task AFeatureNetworkLeftTrainingIsTrainedAgain()
    {
        var id = Guid.Parse((await PostForLocationAsync($"/v1/datasets/{vae.DatasetId}/feature-networks", null)).Split('/')[^1]);
        Assert.Equal("Ready", (await Client.WaitForFeatureNetworkAsync(vae.DatasetId, id, Timeout))["status"]!.GetValue<string>());

        await ChangeAsync<DatasetFeatureNetwork>(id, f =>
        {
            f.Status = FeatureNetworkStatus.Training;
            f.StorageLocation = null;
            f.FinishedAt = null;
            f.LeaseOwner = DeadWorker;
            f.LeaseExpiresAt = DateTime.UtcNow + DeadWorkersLease;
        });

        FeatureNetworkService.Enqueue(Jobs, id);
        await AssertStillHeldByTheDeadWorkerAsync<DatasetFeatureNetwork>(id);
        var done = await Client.WaitForFeatureNetworkAsync(vae.DatasetId, id, Timeout);

        Assert.Equal("Ready", done["status"]!.GetValue<string>());
        var featureNetwork = await FindAsync<DatasetFeatureNetwork>(id);
        Assert.True(File.Exists(Path.Combine(vae.Factory.DataDirectory, featureNetwork.StorageLocation!, FeatureNetworkStore.NetworkFileName)));
        Assert.Null(featureNetwork.LeaseOwner);
    }

    [Fact]
    public async Task OneWorkerAtATimeHoldsARecordAndTheOneTakenOverStopsWorking()
    {
        var location = await PostForLocationAsync($"/v1/models/{vae.ModelId}/generations", new { count = 1 });
        var id = Guid.Parse(location.Split('/')[^1]);
        await Client.WaitForGenerationAsync(location, "Succeeded");
        await ChangeAsync<Generation>(id, g => g.Status = GenerationStatus.Running);
        var leases = vae.Factory.Services.GetRequiredService<RecordLeases>();
        var terms = new LeaseTerms<Generation>("Generation", g => g.Status == GenerationStatus.Running);

        var first = await leases.TryTakeAsync(id, terms, CancellationToken.None);
        Assert.NotNull(first);
        Assert.Null(await leases.TryTakeAsync(id, terms, CancellationToken.None));
        await first.DisposeAsync();

        // Given up, it is free at once; lapsed, it is free too.
        var second = await leases.TryTakeAsync(id, terms, CancellationToken.None);
        Assert.NotNull(second);
        await ChangeAsync<Generation>(id, g => (g.LeaseOwner, g.LeaseExpiresAt) = (DeadWorker, DateTime.UtcNow.AddSeconds(-1)));
        await using var third = await leases.TryTakeAsync(id, terms, CancellationToken.None);
        Assert.NotNull(third);

        // The second holder's next renewal finds the record taken over: its work is stopped.
        var deadline = DateTime.UtcNow + Timeout;
        while (!second.Token.IsCancellationRequested)
        {
            Assert.True(DateTime.UtcNow < deadline, "The worker that was taken over goes on working.");
            await Task.Delay(50);
        }
        await second.DisposeAsync();
        Assert.False(third.Token.IsCancellationRequested);
        Assert.Equal(third.Owner, (await FindAsync<Generation>(id)).LeaseOwner);

        await ChangeAsync<Generation>(id, g => g.Status = GenerationStatus.Succeeded);
        Assert.Null(await leases.TakeAsync(id, terms, CancellationToken.None));
    }

    private IBackgroundJobClient Jobs => vae.Factory.Services.GetRequiredService<IBackgroundJobClient>();

    /// <summary>The job for the record waits while the dead worker's lease lasts.</summary>
    private async Task AssertStillHeldByTheDeadWorkerAsync<T>(Guid id) where T : class, ILeasedRecord
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(DeadWorker, (await FindAsync<T>(id)).LeaseOwner);
    }

    private async Task<string> PostForLocationAsync(string path, object? body)
    {
        var response = body is null ? await Client.PostAsync(path, null) : await Client.PostAsJsonAsync(path, body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return response.Headers.Location!.ToString();
    }

    private async Task<List<byte[]>> ImagesAsync(string location, int count)
    {
        var images = new List<byte[]>();
        for (var index = 0; index < count; index++)
            images.Add(await Client.GetByteArrayAsync($"{location}/images/{index}"));
        return images;
    }

    private async Task ChangeAsync<T>(Guid id, Action<T> change) where T : class, ILeasedRecord
    {
        using var scope = vae.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        change(await db.Set<T>().SingleAsync(r => EF.Property<Guid>(r, nameof(ILeasedRecord.Id)) == id));
        await db.SaveChangesAsync();
    }

    private async Task<T> FindAsync<T>(Guid id) where T : class, ILeasedRecord
    {
        using var scope = vae.Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<GenServiceDbContext>().Set<T>().AsNoTracking().SingleAsync(r => EF.Property<Guid>(r, nameof(ILeasedRecord.Id)) == id);
    }

    /// <summary>A tiny VAE on a host whose leases last two seconds.</summary>
    public sealed class VaeFixture : IAsyncLifetime
    {
        public GenServiceFactory Factory { get; } = new() { Settings = { ["Jobs:LeaseDuration"] = "00:00:02" } };

        public HttpClient Client { get; private set; } = null!;

        public Guid ModelId { get; private set; }

        public Guid DatasetId { get; private set; }

        public async Task InitializeAsync()
        {
            Client = Factory.CreateClient();
            (DatasetId, ModelId) = await Client.TrainTinyVaeAsync();
        }

        public Task DisposeAsync()
        {
            Client.Dispose();
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }
}
