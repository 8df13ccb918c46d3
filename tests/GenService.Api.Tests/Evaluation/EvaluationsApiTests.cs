using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Evaluation;

public class EvaluationsApiTests(EvaluatedVaeFixture vae) : IClassFixture<EvaluatedVaeFixture>
{
    private HttpClient Client => vae.Client;

    [Fact]
    public async Task ATrainedModelIsEvaluatedAutomaticallyNextToItsFloorAndCeiling()
    {
        var evaluation = vae.Automatic;

        Assert.Equal("Succeeded", evaluation["status"]!.GetValue<string>());
        Assert.Equal("Training", evaluation["trigger"]!.GetValue<string>());
        Assert.Equal(20, evaluation["step"]!.GetValue<long>());
        var results = evaluation["results"]!.AsObject();
        Assert.Equal(20, results["sampleCount"]!.GetValue<int>());
        foreach (var set in new[] { "model", "floor", "ceiling" })
        {
            var scores = results[set]!.AsObject();
            Assert.True(scores["frechetDistance"]!.GetValue<double>() >= 0);
            Assert.True(scores["frechetDistanceStandardError"]!.GetValue<double>() > 0);
            Assert.True(scores["kidStandardError"]!.GetValue<double>() > 0);
            Assert.InRange(scores["precision"]!.GetValue<double>(), 0, 1);
            Assert.InRange(scores["recall"]!.GetValue<double>(), 0, 1);
            Assert.InRange(scores["shareCloserInPixels"]!.GetValue<double>(), 0, 1);
        }
        // Held-out real images are far closer to the training images than an untrained VAE's gray blurs.
        Assert.True(results["floor"]!["frechetDistance"]!.GetValue<double>() < results["ceiling"]!["frechetDistance"]!.GetValue<double>());
        Assert.True(results["typicalPixelDistance"]!.GetValue<double>() > 0);
        // The VAE reconstructs, so its reconstructions of held-out images are scored too.
        Assert.True(results["reconstruction"]!["psnr"]!.GetValue<double>() > 0);
        var featureNetwork = evaluation["featureNetwork"]!.AsObject();
        Assert.Equal(1, featureNetwork["version"]!.GetValue<int>());
        Assert.Equal("classes", featureNetwork["task"]!.GetValue<string>());
        Assert.InRange(featureNetwork["heldOutAccuracy"]!.GetValue<double>(), 0, 1);
    }

    [Fact]
    public async Task TheDatasetsFeatureNetworkWasTrainedWhenFirstNeeded()
    {
        var list = (await Client.GetFromJsonAsync<JsonArray>($"/v1/datasets/{vae.DatasetId}/feature-networks"))!;

        var first = list.OfType<JsonObject>().Single(f => f["version"]!.GetValue<int>() == 1);
        Assert.Equal("Ready", first["status"]!.GetValue<string>());
        Assert.Equal("classes", first["task"]!.GetValue<string>());
        Assert.Equal(16, first["featureDimension"]!.GetValue<int>());
        Assert.InRange(first["heldOutAccuracy"]!.GetValue<double>(), 0, 1);
    }

    [Fact]
    public async Task AnyCheckpointCanBeEvaluatedOnRequestAndPlotted()
    {
        var checkpoints = (await Client.GetFromJsonAsync<JsonArray>($"/v1/models/{vae.ModelId}/checkpoints"))!;
        Assert.Equal(new long[] { 10, 20 }, checkpoints.Select(c => c!["step"]!.GetValue<long>()).Order());

        var response = await Client.PostAsJsonAsync($"/v1/models/{vae.ModelId}/evaluations", new { step = 10 });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var requested = await response.ReadJsonObjectAsync();
        Assert.Equal($"/v1/models/{vae.ModelId}/evaluations/{requested["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal("Request", requested["trigger"]!.GetValue<string>());

        var finished = await Client.WaitForEvaluationAsync(vae.ModelId, TimeSpan.FromMinutes(2), requested["id"]!.GetValue<Guid>());
        Assert.Equal("Succeeded", finished["status"]!.GetValue<string>());
        var one = (await Client.GetFromJsonAsync<JsonObject>($"/v1/models/{vae.ModelId}/evaluations/{requested["id"]}"))!;
        Assert.Equal(10, one["step"]!.GetValue<long>());

        var plot = await Client.GetAsync($"/v1/models/{vae.ModelId}/evaluations/plot.png?width=900&height=700");
        Assert.Equal(HttpStatusCode.OK, plot.StatusCode);
        Assert.Equal("image/png", plot.Content.Headers.ContentType?.MediaType);
        Assert.Equal((900, 700), PngImage.Size(await plot.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task TheLossCurvesOfARunArePlotted()
    {
        var response = await Client.GetAsync($"/v1/training-runs/{vae.RunId}/plots/losses.png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        // Four VAE metrics (elbo, reconstruction log-likelihood, kl, bits/dim): two rows of two panels.
        var png = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal((1200, 2 * 320), PngImage.Size(png));
        Assert.True(PngImage.HasVariedPixels(png));
    }

    [Fact]
    public async Task BadPlotRequestsAreRefused()
    {
        await (await Client.GetAsync($"/v1/training-runs/{vae.RunId}/plots/losses.png?width=10")).AssertProblemAsync(HttpStatusCode.BadRequest, "between");
        await (await Client.GetAsync($"/v1/training-runs/{Guid.NewGuid()}/plots/losses.png")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Client.GetAsync($"/v1/models/{Guid.NewGuid()}/evaluations/plot.png")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Client.GetAsync($"/v1/models/{vae.ModelId}/evaluations/plot.png?height=5000")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task BadEvaluationRequestsGetProblemDetails()
    {
        var url = $"/v1/models/{vae.ModelId}/evaluations";
        await (await Client.PostAsJsonAsync(url, new { step = 7 })).AssertProblemAsync(HttpStatusCode.BadRequest, "10, 20");
        await (await Client.PostAsJsonAsync(url, new { sampleCount = 5 })).AssertProblemAsync(HttpStatusCode.BadRequest, "sampleCount");
        await (await Client.PostAsJsonAsync($"/v1/models/{Guid.NewGuid()}/evaluations", new { })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Client.GetAsync($"/v1/models/{Guid.NewGuid()}/evaluations")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Client.GetAsync($"{url}/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AModelStillTrainingCannotBeEvaluatedYet()
    {
        var run = await Client.StartRunAsync(vae.DatasetId, new { steps = 100_000, batch_size = 16, latent_dim = 4, base_channels = 8 });
        var modelId = run["modelId"]!.GetValue<Guid>();
        try
        {
            await (await Client.PostAsJsonAsync($"/v1/models/{modelId}/evaluations", new { })).AssertProblemAsync(HttpStatusCode.Conflict, "training");
            await (await Client.GetAsync($"/v1/models/{modelId}/memorisation")).AssertProblemAsync(HttpStatusCode.Conflict);
        }
        finally
        {
            await Client.PostAsync($"/v1/training-runs/{run["id"]}/cancel", null);
            await Client.WaitForRunAsync(run["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(1), "Canceled", "Failed", "Succeeded");
        }
    }

    [Fact]
    public async Task TheMemorisationCheckFindsTheNearestTrainingImagesOfASeed()
    {
        var response = await Client.GetAsync($"/v1/models/{vae.ModelId}/memorisation?seed=3&k=4");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var check = await response.ReadJsonObjectAsync();

        Assert.Equal(3, check["seed"]!.GetValue<long>());
        foreach (var space in new[] { "featureNeighbours", "pixelNeighbours" })
        {
            var neighbours = check[space]!.AsArray();
            Assert.Equal(4, neighbours.Count);
            var distances = neighbours.Select(n => n!["distance"]!.GetValue<double>()).ToList();
            Assert.Equal(distances.Order(), distances);
            Assert.All(neighbours, n => Assert.InRange(n!["datasetIndex"]!.GetValue<long>(), 0, 119));
        }
        Assert.True(check["typicalPixelDistance"]!.GetValue<double>() > 0);
        Assert.Equal($"/v1/models/{vae.ModelId}/memorisation/grid.png?seed=3&k=4", check["gridUrl"]!.GetValue<string>());

        var grid = await Client.GetAsync(check["gridUrl"]!.GetValue<string>());
        Assert.Equal("image/png", grid.Content.Headers.ContentType?.MediaType);
        var png = await grid.Content.ReadAsByteArrayAsync();
        // Two rows of the generated image and 4 neighbours, 28 px each with 2 px padding.
        Assert.Equal((5 * 30 + 2, 2 * 30 + 2), PngImage.Size(png));
        // The first tile is exactly the image the samples endpoint gives for that seed.
        var sample = await Client.PostAsJsonAsync($"/v1/models/{vae.ModelId}/samples", new { count = 1, seed = 3, layout = "single" });
        Assert.Equal(PngImage.Pixels(await sample.Content.ReadAsByteArrayAsync()), PngImage.Tile(png, 2, 2, 28, 28));
    }

    [Fact]
    public async Task BadMemorisationRequestsGetProblemDetails()
    {
        await (await Client.GetAsync($"/v1/models/{vae.ModelId}/memorisation?k=0")).AssertProblemAsync(HttpStatusCode.BadRequest, "k");
        await (await Client.GetAsync($"/v1/models/{vae.ModelId}/memorisation/grid.png?k=33")).AssertProblemAsync(HttpStatusCode.BadRequest, "k");
        await (await Client.GetAsync($"/v1/models/{Guid.NewGuid()}/memorisation")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Client.GetAsync($"/v1/models/{vae.ModelId}/memorisation?seed=abc")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ANewFeatureNetworkVersionCanBeTrainedOnRequest()
    {
        var response = await Client.PostAsync($"/v1/datasets/{vae.DatasetId}/feature-networks", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var queued = await response.ReadJsonObjectAsync();
        Assert.True(queued["version"]!.GetValue<int>() >= 2);

        var ready = await Client.WaitForFeatureNetworkAsync(vae.DatasetId, queued["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(2));

        Assert.Equal("Ready", ready["status"]!.GetValue<string>());
        await (await Client.PostAsync($"/v1/datasets/{Guid.NewGuid()}/feature-networks", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Client.GetAsync($"/v1/datasets/{Guid.NewGuid()}/feature-networks")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Client.GetAsync($"/v1/datasets/{vae.DatasetId}/feature-networks/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
