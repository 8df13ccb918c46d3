using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Training;

/// <summary>Social GAN through the service: trained on simulated crowds, refused on images.</summary>
public class SocialGanTrainingTests
{
    /// <summary>Small enough to train in seconds.</summary>
    internal static readonly object TinySocialGan = new
    {
        steps = 3,
        batch_size = 4,
        embedding_dim = 8,
        encoder_h_dim = 8,
        decoder_h_dim = 12,
        mlp_dim = 16,
        bottleneck_dim = 8,
        noise_dim = 4,
        encoder_h_dim_d = 8,
        best_k = 3,
    };

    internal static async Task<Guid> ImportCrowdsAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/v1/datasets/crowds", new { trainScenes = 2, validationScenes = 1, testScenes = 1, frames = 24, seed = 1 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonObjectAsync())["id"]!.GetValue<Guid>();
    }

    [Fact]
    public async Task A_social_gan_trains_on_simulated_crowds_and_reports_ade_and_fde_beside_constant_velocity()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var datasetId = await ImportCrowdsAsync(client);

        var started = await client.StartRunAsync(datasetId, TinySocialGan, architecture: "socialgan");
        var run = await client.WaitForRunAsync(started["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed");

        Assert.True(run["status"]!.GetValue<string>() == "Succeeded", run.ToJsonString());
        Assert.True(double.IsFinite(run["latestLosses"]!["variety_l2"]!.GetValue<double>()));
        Assert.True(run["latestValidation"]!["ade"]!.GetValue<double>() > 0);
        Assert.True(run["latestValidation"]!["constant_velocity_fde"]!.GetValue<double>() > 0);
        var architectures = (await client.GetFromJsonAsync<JsonArray>("/v1/architectures"))!;
        var socialGan = Assert.Single(architectures, a => a!["architecture"]!.GetValue<string>() == "socialgan")!;
        Assert.Equal(["trajectories"], socialGan["datasetKinds"]!.AsArray().Select(k => k!.GetValue<string>()));
    }

    [Fact]
    public async Task A_run_observing_and_forecasting_more_frames_than_the_scenes_have_is_refused()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var crowds = await ImportCrowdsAsync(client);

        var response = await client.PostAsJsonAsync("/v1/training-runs", new { architecture = "socialgan", datasetId = crowds, hyperparameters = new { obs_len = 12, pred_len = 13 } });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "No train/ scene has 25 frames (obs_len 12 + pred_len 13); the longest has 24");
    }

    [Fact]
    public async Task A_social_gan_run_on_images_and_an_image_family_on_trajectories_are_refused()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var crowds = await ImportCrowdsAsync(client);
        var images = await client.ImportFashionMnistAsync(limit: 4);

        var onImages = await client.PostAsJsonAsync("/v1/training-runs", new { architecture = "socialgan", datasetId = images });
        var onCrowds = await client.PostAsJsonAsync("/v1/training-runs", new { architecture = "vae", datasetId = crowds });

        await onImages.AssertProblemAsync(HttpStatusCode.BadRequest, "does not train on images datasets; it trains on: trajectories");
        await onCrowds.AssertProblemAsync(HttpStatusCode.BadRequest, "does not train on trajectories datasets");
    }
}
