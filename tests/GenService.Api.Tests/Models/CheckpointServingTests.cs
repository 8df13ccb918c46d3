using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.Api.Models;
using GenService.Api.Tests.Infrastructure;
using GenService.ML.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GenService.Api.Tests.Models;

public class CheckpointServingTests(CheckpointedVaeFixture vae) : IClassFixture<CheckpointedVaeFixture>
{
    private HttpClient Client => vae.Client;

    [Fact]
    public async Task ListsTheCheckpointsAndSamplesFromEach()
    {
        var checkpoints = await Client.GetFromJsonAsync<JsonArray>($"/v1/models/{vae.ModelId}/checkpoints");
        Assert.Equal([20L, 10L], checkpoints!.Select(c => c!["step"]!.GetValue<long>()));
        Assert.True(checkpoints![0]!["sizeBytes"]!.GetValue<long>() > 0);

        var step10 = await SampleAsync("10");
        var step20 = await SampleAsync("20");
        Assert.NotEqual(step10, step20);
        Assert.Equal(step20, await SampleAsync("latest"));
        // The final model is the weights of the last step, exported the same way.
        Assert.Equal(step20, await SampleAsync(null));

        await (await Sample("15")).AssertProblemAsync(HttpStatusCode.NotFound, "no checkpoint at step 15");
        await (await Sample("soon")).AssertProblemAsync(HttpStatusCode.BadRequest, "latest");
        await (await Client.PostAsJsonAsync($"/v1/models/{vae.ModelId}/interpolate", new { checkpoint = "15" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Client.GetAsync($"/v1/models/{Guid.NewGuid()}/checkpoints")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AModelInTrainingIsServedFromItsNewestCheckpointAsItMovesOn()
    {
        await SetStatusAsync(ModelStatus.Training);
        var checkpoints = CheckpointFolder();
        var step30 = Path.Combine(checkpoints, "step-000000030.model");
        try
        {
            await (await Sample(null)).AssertProblemAsync(HttpStatusCode.Conflict, "Name a checkpoint");
            Assert.Equal(await SampleAsync("20"), await SampleAsync("latest"));

            // Training writes a newer checkpoint (here: step 10's weights under step 30's name):
            // "latest" loads it instead of answering from the weights already warm.
            File.Copy(Path.Combine(checkpoints, "step-000000010.model"), step30);
            Assert.Equal(await SampleAsync("10"), await SampleAsync("latest"));
        }
        finally
        {
            File.Delete(step30);
            await SetStatusAsync(ModelStatus.Ready);
        }
    }

    [Fact]
    public async Task AFailedModelsCheckpointsAreNotServed()
    {
        await SetStatusAsync(ModelStatus.Failed);
        try
        {
            await (await Sample("latest")).AssertProblemAsync(HttpStatusCode.Conflict, "failed");
            await (await Sample("10")).AssertProblemAsync(HttpStatusCode.Conflict, "failed");
            Assert.Empty((await Client.GetFromJsonAsync<JsonArray>($"/v1/models/{vae.ModelId}/checkpoints"))!);
        }
        finally
        {
            await SetStatusAsync(ModelStatus.Ready);
        }
    }

    private Task<HttpResponseMessage> Sample(string? checkpoint) =>
        Client.PostAsJsonAsync($"/v1/models/{vae.ModelId}/samples", new { count = 4, seed = 1, checkpoint });

    private async Task<byte[]> SampleAsync(string? checkpoint)
    {
        var response = await Sample(checkpoint);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }

    private string CheckpointFolder()
    {
        using var scope = vae.Factory.Services.CreateScope();
        var runId = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>().TrainingRuns.Single(r => r.ModelId == vae.ModelId).Id;
        return new CheckpointStore(Path.Combine(vae.Factory.DataDirectory, StorageLayout.RunCheckpoints(runId))).Directory;
    }

    /// <summary>Puts the model in another state, as a run in progress (or a failed one) would leave it.</summary>
    /// <summary>Moves the fixture's model to a state; Ready is final in the service itself, so the
    /// servable-model cache, which relies on that, is told too.</summary>
    private async Task SetStatusAsync(ModelStatus status)
    {
        await using var scope = vae.Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<GenServiceDbContext>().Models
            .Where(m => m.Id == vae.ModelId)
            .ExecuteUpdateAsync(update => update.SetProperty(m => m.Status, status));
        scope.ServiceProvider.GetRequiredService<ReadyModelCache>().Forget(vae.ModelId);
    }
}
