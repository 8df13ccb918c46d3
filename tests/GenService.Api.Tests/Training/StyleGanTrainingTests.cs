using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Tests.Infrastructure;
using SkiaSharp;

namespace GenService.Api.Tests.Training;

public class StyleGanTrainingTests
{
    /// <summary>Narrow enough to train in seconds; R1 on every other step so the short run regularises.</summary>
    private static readonly object TinyStyleGan = new
    {
        steps = 6,
        batch_size = 8,
        w_dim = 16,
        mapping_layers = 2,
        channel_base = 128,
        max_channels = 8,
        r1_interval = 2,
    };

    [Fact]
    public async Task TrainsAStyleGanOnFashionMnistAt32PixelsAndServesSamples()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var datasetId = await client.ImportFashionMnistAsync(limit: 60);

        var started = await client.StartRunAsync(datasetId, TinyStyleGan, architecture: "stylegan");
        var run = await client.WaitForRunAsync(started["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed");

        Assert.True(run["status"]!.GetValue<string>() == "Succeeded", run.ToJsonString());
        var losses = run["latestLosses"]!.AsObject();
        Assert.All(["loss_d", "loss_g", "d_real", "d_fake"], name => Assert.True(double.IsFinite(losses[name]!.GetValue<double>()), name));
        Assert.NotNull(run["latestValidation"]!["d_accuracy"]);

        var modelId = run["modelId"]!.GetValue<Guid>();
        var model = await client.GetFromJsonAsync<JsonObject>($"/v1/models/{modelId}");
        Assert.Equal("stylegan", model!["architecture"]!.GetValue<string>());
        Assert.Equal(32, model["imageWidth"]!.GetValue<int>());
        Assert.Equal(32, model["imageHeight"]!.GetValue<int>());

        var samples = await client.PostAsJsonAsync($"/v1/models/{modelId}/samples", new { count = 4, seed = 3 });
        Assert.Equal(HttpStatusCode.OK, samples.StatusCode);
        Assert.Equal("image/png", samples.Content.Headers.ContentType?.MediaType);
        var bytes = await samples.Content.ReadAsByteArrayAsync();
        using var grid = SKBitmap.Decode(bytes);
        Assert.Equal((2 * 32 + 3 * 2, 2 * 32 + 3 * 2), (grid.Width, grid.Height));
        var again = await client.PostAsJsonAsync($"/v1/models/{modelId}/samples", new { count = 4, seed = 3 });
        Assert.Equal(bytes, await again.Content.ReadAsByteArrayAsync());

        // The style operations run on the real model, not only on their argument checks.
        var operations = new (string Route, object Body)[]
        {
            ("samples", new { count = 2, truncation = 0.5 }),
            ("style-mixing", new { rowSeeds = new[] { 1, 2 }, columnSeeds = new[] { 3 }, styles = "coarse" }),
            ("noise-variation", new { seed = 4 }),
            ("interpolate", new { fromSeed = 1, toSeed = 2, steps = 4, space = "w" }),
            ("interpolate", new { fromSeed = 1, toSeed = 2, steps = 4 }),
        };
        foreach (var (route, body) in operations)
        {
            var response = await client.PostAsJsonAsync($"/v1/models/{modelId}/{route}", body);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route}: {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task ListsStyleGanWithItsHyperparametersAndRefusesBadValues()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();

        var architectures = await client.GetFromJsonAsync<JsonArray>("/v1/architectures");
        var styleGan = Assert.Single(architectures!, a => a!["architecture"]!.GetValue<string>() == "stylegan")!;
        var names = styleGan["hyperparameters"]!.AsArray().Select(h => h!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("r1_gamma", names);
        Assert.Contains("style_mixing_probability", names);
        Assert.Contains("ema_half_life_images", names);

        var datasetId = await client.ImportFashionMnistAsync(limit: 20);
        var response = await client.PostAsJsonAsync("/v1/training-runs",
            new { architecture = "stylegan", datasetId, hyperparameters = new { style_mixing_probability = 2 } });
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "style_mixing_probability");
    }
}
