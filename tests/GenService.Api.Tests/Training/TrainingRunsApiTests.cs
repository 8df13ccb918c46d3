using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Infrastructure;
using GenService.Api.Tests.Infrastructure;
using GenService.ML.Families;
using GenService.ML.Families.Vae;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static TorchSharp.torch;

namespace GenService.Api.Tests.Training;

public class TrainingRunsApiTests
{
    private static readonly object TinyVae = new { steps = 30, batch_size = 16, latent_dim = 4, base_channels = 8 };

    [Theory, DatabaseProviders]
    public async Task TrainsAVaeEndToEndAndServesSamples(DatabaseProvider provider)
    {
        using var factory = new GenServiceFactory(provider);
        using var client = factory.CreateClient();
        var datasetId = await client.ImportFashionMnistAsync(limit: 200);

        var started = await client.StartRunAsync(datasetId, TinyVae);
        Assert.Equal("Queued", started["status"]!.GetValue<string>());
        var runId = started["id"]!.GetValue<Guid>();
        var run = await client.WaitForRunAsync(runId, TimeSpan.FromMinutes(3), "Succeeded", "Failed");

        Assert.True(run["status"]!.GetValue<string>() == "Succeeded", run.ToJsonString());
        Assert.Equal(30, run["step"]!.GetValue<long>());
        Assert.Equal(1.0, run["progress"]!.GetValue<double>());
        Assert.True(double.IsFinite(run["latestLosses"]!["elbo"]!.GetValue<double>()));
        Assert.NotNull(run["latestValidation"]!["elbo"]);

        var metrics = await client.GetFromJsonAsync<JsonArray>($"/v1/training-runs/{runId}/metrics?split=train");
        Assert.Equal(3, metrics!.Count);
        var validation = await client.GetFromJsonAsync<JsonArray>($"/v1/training-runs/{runId}/metrics?split=Validation");
        Assert.All(validation!, row => Assert.Equal("validation", row!["split"]!.GetValue<string>()));
        await (await client.GetAsync($"/v1/training-runs/{runId}/metrics?split=losses")).AssertProblemAsync(HttpStatusCode.BadRequest, "train or validation");

        var snapshots = (await client.GetFromJsonAsync<JsonArray>(run["snapshotsUrl"]!.GetValue<string>()))!;
        Assert.Equal([0L, 30L], snapshots.Select(s => s!["step"]!.GetValue<long>()));
        var grid = await client.GetAsync(snapshots[1]!["imageUrl"]!.GetValue<string>());
        Assert.Equal("image/png", grid.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0x89, (await grid.Content.ReadAsByteArrayAsync())[0]);
        await (await client.GetAsync($"/v1/training-runs/{runId}/snapshots/5")).AssertProblemAsync(HttpStatusCode.NotFound, "no snapshot at step 5");
        await (await client.GetAsync($"/v1/training-runs/{Guid.NewGuid()}/snapshots")).AssertProblemAsync(HttpStatusCode.NotFound);

        var modelId = run["modelId"]!.GetValue<Guid>();
        var model = await client.GetFromJsonAsync<JsonObject>($"/v1/models/{modelId}");
        Assert.Equal("Ready", model!["status"]!.GetValue<string>());
        Assert.True(model["metrics"]!.AsObject().ContainsKey("elbo"));

        var samples = await client.PostAsJsonAsync($"/v1/models/{modelId}/samples", new { count = 4, seed = 3 });
        Assert.Equal(HttpStatusCode.OK, samples.StatusCode);
        Assert.Equal("image/png", samples.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/models/{modelId}")).StatusCode);
        await (await client.GetAsync($"/v1/models/{modelId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        // At once, though the sample above left its weights in the servable-model cache.
        await (await client.PostAsJsonAsync($"/v1/models/{modelId}/samples", new { count = 1 })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/v1/training-runs/{runId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.False(Directory.Exists(Path.Combine(factory.DataDirectory, "models", modelId.ToString("N"))));
    }

    [Fact]
    public async Task RejectsInvalidRequestsWithProblemDetails()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var datasetId = await client.ImportFashionMnistAsync(limit: 50);

        await (await client.PostAsJsonAsync("/v1/training-runs", new { architecture = "nope", datasetId }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "Unknown architecture");
        await (await client.PostAsJsonAsync("/v1/training-runs", new { datasetId }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "architecture");
        await (await client.PostAsJsonAsync("/v1/training-runs", new { architecture = "vae" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "datasetId");
        await (await client.PostAsJsonAsync("/v1/training-runs", new { architecture = "vae", datasetId = Guid.NewGuid() }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "does not exist");
        await (await client.PostAsJsonAsync("/v1/training-runs", new { architecture = "vae", datasetId, hyperparameters = new { learning_rate = 5.0 } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "hyperparameters.learning_rate");
        await (await client.PostAsJsonAsync("/v1/training-runs", new { architecture = "vae", datasetId, hyperparameters = new { steps = 2.5 } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "whole number");
        await (await client.PostAsJsonAsync("/v1/training-runs", new { architecture = "vae", datasetId, hyperparameters = new { wobble = 1 } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "Unknown hyperparameter");
        await (await client.PostAsJsonAsync("/v1/training-runs", new { architecture = "vae", datasetId, hyperparameters = new { steps = "many" } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "number");

        using var malformed = new StringContent("{\"architecture\": \"vae\",", System.Text.Encoding.UTF8, "application/json");
        await (await client.PostAsync("/v1/training-runs", malformed)).AssertProblemAsync(HttpStatusCode.BadRequest);
        using var wrongType = new StringContent("{\"architecture\": \"vae\", \"datasetId\": 12}", System.Text.Encoding.UTF8, "application/json");
        await (await client.PostAsync("/v1/training-runs", wrongType)).AssertProblemAsync(HttpStatusCode.BadRequest);

        await (await client.GetAsync($"/v1/training-runs/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsync($"/v1/training-runs/{Guid.NewGuid()}/cancel", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync("/v1/training-runs?limit=0")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync("/v1/training-runs?status=Sleeping")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/v1/training-runs"))!);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/v1/models"))!);
    }

    [Fact]
    public async Task ADatasetOfAKindTheFamilyDoesNotTrainOnIsRefused()
    {
        using var host = new GenServiceFactory();
        using var factory = host.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton<IModelFamily, NoDatasetFamily>()));
        using var client = factory.CreateClient();
        var datasetId = await client.ImportFashionMnistAsync(limit: 20);

        await (await client.PostAsJsonAsync("/v1/training-runs", new { architecture = NoDatasetFamily.Name, datasetId }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "does not train on images datasets");
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/v1/training-runs"))!);
    }

    [Theory, DatabaseProviders]
    public async Task CancelStopsARunningRunWithinSeconds(DatabaseProvider provider)
    {
        using var factory = new GenServiceFactory(provider);
        factory.Settings["Training:PollInterval"] = "00:00:00.200";
        using var client = factory.CreateClient();
        var datasetId = await client.ImportFashionMnistAsync(limit: 100);
        var runId = (await client.StartRunAsync(datasetId, new { steps = 1_000_000, batch_size = 8, latent_dim = 4, base_channels = 8 }))["id"]!.GetValue<Guid>();
        await client.WaitForRunAsync(runId, TimeSpan.FromMinutes(1), "Running");

        var modelId = (await client.GetFromJsonAsync<JsonObject>($"/v1/training-runs/{runId}"))!["modelId"]!.GetValue<Guid>();
        await (await client.DeleteAsync($"/v1/models/{modelId}")).AssertProblemAsync(HttpStatusCode.Conflict, "still training");

        var cancelledAt = DateTime.UtcNow;
        var cancel = await client.PostAsync($"/v1/training-runs/{runId}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var run = await client.WaitForRunAsync(runId, TimeSpan.FromSeconds(30), "Canceled");

        Assert.True(DateTime.UtcNow - cancelledAt < TimeSpan.FromSeconds(10));
        Assert.True(run["cancelRequested"]!.GetValue<bool>());
        Assert.NotNull(run["lastCheckpointStep"]);
        var model = await client.GetFromJsonAsync<JsonObject>($"/v1/models/{run["modelId"]}");
        Assert.Equal("Canceled", model!["status"]!.GetValue<string>());
        await (await client.PostAsync($"/v1/training-runs/{runId}/cancel", null)).AssertProblemAsync(HttpStatusCode.Conflict, "already ended");
        await (await client.PostAsJsonAsync($"/v1/models/{run["modelId"]}/samples", new { count = 1 })).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    /// <summary>A VAE that declares no dataset kind: a stand-in for a family whose kind of dataset (paired
    /// images, label maps) the service does not store.</summary>
    private sealed class NoDatasetFamily : IModelFamily
    {
        public const string Name = "no-datasets";

        private readonly VaeFamily vae = new();

        public string Architecture => Name;

        public string Summary => "A VAE that trains on no dataset kind (tests).";

        public IReadOnlyList<HyperparameterSpec> Hyperparameters => vae.Hyperparameters;

        public IReadOnlySet<ModelCapability> Capabilities => vae.Capabilities;

        public IReadOnlySet<DatasetKind> DatasetKinds { get; } = new HashSet<DatasetKind>();

        public string? CheckDataset(ImageShape shape) => vae.CheckDataset(shape);

        public ITrainer CreateTrainer(TrainingSetup setup) => vae.CreateTrainer(setup);

        public IGenerativeModel LoadModel(string path, Device device) => vae.LoadModel(path, device);
    }
}
