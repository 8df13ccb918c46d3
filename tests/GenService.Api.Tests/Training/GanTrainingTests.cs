using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Tests.Datasets;
using GenService.Api.Tests.Infrastructure;
using SkiaSharp;

namespace GenService.Api.Tests.Training;

/// <summary>The GAN families through the service, as a user drives them.</summary>
public class GanTrainingTests
{
    [Fact]
    public async Task A_dcgan_trained_on_28_pixel_fashion_mnist_serves_32_pixel_samples()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var datasetId = await client.ImportFashionMnistAsync(limit: 60);

        var started = await client.StartRunAsync(datasetId, new { steps = 6, batch_size = 16, latent_dim = 8, base_channels = 4 }, architecture: "dcgan");
        var run = await client.WaitForRunAsync(started["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed");

        Assert.True(run["status"]!.GetValue<string>() == "Succeeded", run.ToJsonString());
        Assert.True(double.IsFinite(run["latestLosses"]!["loss_g"]!.GetValue<double>()));
        Assert.NotNull(run["latestValidation"]!["d_accuracy"]);
        var model = (await client.GetFromJsonAsync<JsonObject>($"/v1/models/{run["modelId"]}"))!;
        Assert.Equal("non_saturating", model["hyperparameters"]!["objective"]!.GetValue<string>());
        var samples = await client.PostAsJsonAsync($"/v1/models/{run["modelId"]}/samples", new { count = 1, seed = 3, layout = "single" });
        Assert.Equal(HttpStatusCode.OK, samples.StatusCode);
        Assert.Equal("image/png", samples.Content.Headers.ContentType?.MediaType);
        using var image = SKBitmap.Decode(await samples.Content.ReadAsByteArrayAsync());
        Assert.Equal((32, 32), (image.Width, image.Height));
    }

    [Fact]
    public async Task Defaults_that_depend_on_the_objective_are_listed_and_filled_in_for_the_chosen_one()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var datasetId = await client.ImportFashionMnistAsync(limit: 20);

        var architectures = (await client.GetFromJsonAsync<JsonArray>("/v1/architectures"))!;
        var dcgan = Assert.Single(architectures, a => a!["architecture"]!.GetValue<string>() == "dcgan")!;
        Assert.Single(architectures, a => a!["architecture"]!.GetValue<string>() == "progan");
        var learningRate = Assert.Single(dcgan["hyperparameters"]!.AsArray(), h => h!["name"]!.GetValue<string>() == "learning_rate")!;
        Assert.Equal("objective", learningRate["defaultsByChoice"]!["choice"]!.GetValue<string>());
        Assert.Equal(5e-5, learningRate["defaultsByChoice"]!["defaults"]!["wgan"]!.GetValue<double>());
        Assert.Equal(1e-4, learningRate["defaultsByChoice"]!["defaults"]!["wgan_gp"]!.GetValue<double>());
        Assert.Equal(2e-4, learningRate["default"]!.GetValue<double>());

        var started = await client.StartRunAsync(datasetId, new { objective = "wgan_gp", steps = 1_000_000 }, architecture: "dcgan");
        await client.PostAsync($"/v1/training-runs/{started["id"]}/cancel", null);

        var chosen = started["hyperparameters"]!;
        Assert.Equal("wgan_gp", chosen["objective"]!.GetValue<string>());
        Assert.Equal(1e-4, chosen["learning_rate"]!.GetValue<double>());
        Assert.Equal((0.0, 0.9), (chosen["beta1"]!.GetValue<double>(), chosen["beta2"]!.GetValue<double>()));
        Assert.Equal((64, 5), (chosen["batch_size"]!.GetValue<int>(), chosen["critic_steps"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Unknown_objectives_and_unsupported_datasets_are_refused_with_the_reason()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var datasetId = await client.ImportFashionMnistAsync(limit: 20);

        await (await client.PostAsJsonAsync("/v1/training-runs", new { architecture = "dcgan", datasetId, hyperparameters = new { objective = "hinge" } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "minimax, non_saturating, wgan, wgan_gp");
        await (await client.PostAsJsonAsync("/v1/training-runs", new { architecture = "progan", datasetId, hyperparameters = new { objective = "wgan" } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "Unknown hyperparameter");

        var photos = TestArchives.Zip(("coffee.png", TestArchives.Photo("coffee.png")), ("chelsea.png", TestArchives.Photo("chelsea.png")));
        var large = await (await client.PostAsync("/v1/datasets", TestArchives.Form(photos, imageSize: 256))).ReadJsonObjectAsync();
        await (await client.PostAsJsonAsync("/v1/training-runs", new { architecture = "dcgan", datasetId = large["id"]!.GetValue<Guid>() }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "at most 128x128");
    }
}
