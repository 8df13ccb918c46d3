using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Tests.Infrastructure;
using GenService.Api.Tests.Training;

namespace GenService.Api.Tests.Evaluation;

/// <summary>Social GAN's stored evaluation through the API, on a tiny model trained on simulated crowds.</summary>
public class TrajectoryForecastingEvaluationTests
{
    [Fact]
    public async Task A_social_gan_is_scored_best_of_20_on_the_test_scenes_beside_the_baselines_and_its_collisions_beside_the_truths()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var modelId = await TrainAsync(client, testScenes: 1);

        var first = await EvaluateAsync(client, modelId, new { });

        Assert.True(first["status"]!.GetValue<string>() == "Succeeded", first.ToJsonString());
        Assert.Null(first["translation"]);
        Assert.Null(first["comparisonUrl"]);
        var figures = first["trajectoryForecasting"]!.AsObject();
        Assert.Equal("test", figures["split"]!.GetValue<string>());
        Assert.Equal(20, figures["samples"]!.GetValue<int>());
        Assert.InRange(figures["windowCount"]!.GetValue<int>(), 1, first["requestedSampleCount"]!.GetValue<int>());
        foreach (var scores in new[] { "model", "constantVelocity", "linear" })
        {
            Assert.True(figures[scores]!["ade"]!.GetValue<double>() > 0, scores);
            Assert.True(figures[scores]!["fde"]!.GetValue<double>() > 0, scores);
        }
        Assert.Equal(0.1, figures["collisionThreshold"]!.GetValue<double>());
        Assert.InRange(figures["collisionRate"]!.GetValue<double>(), 0, 1);
        Assert.InRange(figures["truthCollisionRate"]!.GetValue<double>(), 0, 1);

        // Requested again for the same checkpoint: window i is forecast with seed i, so the figures repeat.
        var again = await EvaluateAsync(client, modelId, new { step = first["step"]!.GetValue<long>() });
        Assert.Equal(figures.ToJsonString(), again["trajectoryForecasting"]!.ToJsonString());
        Assert.Equal(2, (await client.GetFromJsonAsync<JsonArray>($"/v1/models/{modelId}/evaluations"))!.Count);
    }

    [Fact]
    public async Task Without_test_scenes_the_val_scenes_are_measured_up_to_the_sample_count()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var modelId = await TrainAsync(client, testScenes: 0);

        var evaluation = await EvaluateAsync(client, modelId, new { sampleCount = 10 });

        Assert.True(evaluation["status"]!.GetValue<string>() == "Succeeded", evaluation.ToJsonString());
        Assert.Equal("val", evaluation["trajectoryForecasting"]!["split"]!.GetValue<string>());
        Assert.InRange(evaluation["trajectoryForecasting"]!["windowCount"]!.GetValue<int>(), 1, 10);
    }

    private static async Task<JsonObject> EvaluateAsync(HttpClient client, Guid modelId, object request)
    {
        var requested = await client.PostAsJsonAsync($"/v1/models/{modelId}/evaluations", request);
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        return await client.WaitForEvaluationAsync(modelId, TimeSpan.FromMinutes(2), (await requested.ReadJsonObjectAsync())["id"]!.GetValue<Guid>());
    }

    private static async Task<Guid> TrainAsync(HttpClient client, int testScenes)
    {
        var imported = await client.PostAsJsonAsync("/v1/datasets/crowds", new { trainScenes = 2, validationScenes = 1, testScenes, frames = 40, seed = 1 });
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var datasetId = (await imported.ReadJsonObjectAsync())["id"]!.GetValue<Guid>();
        var started = await client.StartRunAsync(datasetId, SocialGanTrainingTests.TinySocialGan, architecture: "socialgan");
        var run = await client.WaitForRunAsync(started["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed");
        Assert.True(run["status"]!.GetValue<string>() == "Succeeded", run.ToJsonString());
        return run["modelId"]!.GetValue<Guid>();
    }
}
