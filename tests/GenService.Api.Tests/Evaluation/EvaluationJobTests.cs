using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Entities;
using GenService.Api.Evaluation;
using GenService.Api.Infrastructure;
using GenService.Api.Tests.Infrastructure;
using GenService.ML.Families;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GenService.Api.Tests.Evaluation;

public class EvaluationJobTests
{
    [Theory, DatabaseProviders]
    public async Task AnEvaluationStoresItsFiguresPerCheckpointAndFailsWhole(DatabaseProvider provider)
    {
        using var factory = new GenServiceFactory(provider);
        var client = factory.CreateClient();
        var (datasetId, modelId) = await client.TrainTinyVaeAsync();

        var response = await client.PostAsJsonAsync($"/v1/models/{modelId}/evaluations", new { sampleCount = 12 });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var finished = await client.WaitForEvaluationAsync(modelId, TimeSpan.FromMinutes(2));
        Assert.Equal("Succeeded", finished["status"]!.GetValue<string>());
        Assert.Equal(12, finished["results"]!["sampleCount"]!.GetValue<int>());

        // A checkpoint whose exported model is gone: the job fails and stores no figure at all.
        var broken = await AddQueuedEvaluationAsync(factory, modelId, step: 999);
        using (var scope = factory.Services.CreateScope())
        {
            var job = scope.ServiceProvider.GetRequiredService<EvaluationJob>();
            await Assert.ThrowsAsync<InvalidOperationException>(() => job.Run(broken, CancellationToken.None));
        }
        var failed = (await client.GetFromJsonAsync<JsonObject>($"/v1/models/{modelId}/evaluations/{broken}"))!;
        Assert.Equal("Failed", failed["status"]!.GetValue<string>());
        Assert.Contains("step 999", failed["error"]!.GetValue<string>());
        Assert.Null(failed["results"]);

        // Once its dataset is deleted, a model can no longer be compared with it.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/datasets/{datasetId}")).StatusCode);
        await (await client.PostAsJsonAsync($"/v1/models/{modelId}/evaluations", new { })).AssertProblemAsync(HttpStatusCode.Conflict, "deleted");
        var kept = (await client.GetFromJsonAsync<JsonArray>($"/v1/models/{modelId}/evaluations"))!;
        Assert.Equal(2, kept.Count);
    }

    [Fact]
    public async Task EveryModelOfADatasetIsEvaluatedOnItsOneStoredFeatureNetwork()
    {
        // Figures of two models are comparable only on one feature network: the first evaluation trains it, the
        // other (of another family, which may start while it trains) waits for it and reuses it.
        using var factory = new GenServiceFactory();
        factory.Settings["Evaluation:AfterTraining"] = "true";
        var client = factory.CreateClient();
        var datasetId = await client.ImportFashionMnistAsync(limit: 120);
        var vae = await client.StartRunAsync(datasetId, new { steps = 10, batch_size = 16, latent_dim = 4, base_channels = 8 });
        var dcgan = await client.StartRunAsync(datasetId, new { steps = 6, batch_size = 16, latent_dim = 8, base_channels = 4 }, architecture: "dcgan");

        var evaluations = new List<JsonObject>();
        foreach (var run in new[] { vae, dcgan })
        {
            var finished = await client.WaitForRunAsync(run["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed");
            Assert.Equal("Succeeded", finished["status"]!.GetValue<string>());
            evaluations.Add(await client.WaitForEvaluationAsync(finished["modelId"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3)));
        }

        Assert.All(evaluations, e => Assert.Equal("Succeeded", e["status"]!.GetValue<string>()));
        var featureNetwork = Assert.Single((await client.GetFromJsonAsync<JsonArray>($"/v1/datasets/{datasetId}/feature-networks"))!)!;
        Assert.Equal("Ready", featureNetwork["status"]!.GetValue<string>());
        Assert.All(evaluations, e => Assert.Equal(featureNetwork["id"]!.GetValue<Guid>(), e["featureNetwork"]!["id"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task AModelWithoutAnEvaluatedCapabilityIsRefusedBeforeItIsLoaded()
    {
        var family = new ReconstructOnlyFamily();
        using var host = new GenServiceFactory();
        using var factory = host.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton<IModelFamily>(family)));
        var client = factory.CreateClient();
        var datasetId = await client.ImportFashionMnistAsync(limit: 60);
        var run = await client.StartRunAsync(datasetId, new { steps = 5, batch_size = 16, latent_dim = 4, base_channels = 8 }, architecture: ReconstructOnlyFamily.Name);
        var finished = await client.WaitForRunAsync(run["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(2), "Succeeded", "Failed");
        var modelId = finished["modelId"]!.GetValue<Guid>();

        await (await client.PostAsJsonAsync($"/v1/models/{modelId}/evaluations", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "cannot be evaluated");
        await (await client.GetAsync($"/v1/models/{modelId}/memorisation")).AssertProblemAsync(HttpStatusCode.BadRequest, "does not support sampling");
        await (await client.PostAsJsonAsync($"/v1/models/{modelId}/samples", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "reconstruct-only models can: reconstruct");
        await (await client.PostAsJsonAsync($"/v1/models/{modelId}/interpolate", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "latent interpolation");
        await (await client.PostAsJsonAsync($"/v1/models/{modelId}/generations", new { })).AssertProblemAsync(HttpStatusCode.BadRequest, "does not support sampling");

        Assert.Equal(0, family.Loads);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>($"/v1/models/{modelId}/evaluations"))!);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>($"/v1/datasets/{datasetId}/feature-networks"))!);
    }

    [Fact]
    public async Task AFeatureNetworkThatFailsLeavesNoFilesBehind()
    {
        using var factory = new GenServiceFactory();
        var client = factory.CreateClient();
        var datasetId = await client.ImportFashionMnistAsync(limit: 40);
        var datasetFolder = Path.Combine(factory.DataDirectory, "datasets", datasetId.ToString("N"));
        File.Delete(Path.Combine(datasetFolder, "images.u8"));

        var queued = await (await client.PostAsync($"/v1/datasets/{datasetId}/feature-networks", null)).ReadJsonObjectAsync();
        var failed = await client.WaitForFeatureNetworkAsync(datasetId, queued["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(1));

        Assert.Equal("Failed", failed["status"]!.GetValue<string>());
        Assert.Contains("images.u8", failed["error"]!.GetValue<string>());
        Assert.Null(failed["heldOutAccuracy"]);
        Assert.False(Directory.Exists(Path.Combine(datasetFolder, "feature-networks")));
        var staging = Path.Combine(factory.DataDirectory, "tmp");
        Assert.True(!Directory.Exists(staging) || Directory.GetFileSystemEntries(staging).Length == 0);
    }

    private static async Task<Guid> AddQueuedEvaluationAsync(GenServiceFactory factory, Guid modelId, long step)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        var evaluation = new ModelEvaluation
        {
            Id = Guid.NewGuid(),
            AccountId = Account.OperatorId,
            ModelId = modelId,
            Step = step,
            Status = EvaluationStatus.Queued,
            Trigger = EvaluationTrigger.Request,
            RequestedSampleCount = 12,
            CreatedAt = DateTime.UtcNow,
        };
        db.Evaluations.Add(evaluation);
        await db.SaveChangesAsync();
        Assert.True(await db.Evaluations.AnyAsync(e => e.Id == evaluation.Id));
        return evaluation.Id;
    }
}
