using System.Net;
using System.Net.Http.Json;
using GenService.Api.Tests.Infrastructure;
using SkiaSharp;

namespace GenService.Api.Tests.Models;

/// <summary>CycleGAN between two styles of the built-in landscapes: a label-map dataset trained on as its images labelled by style.</summary>
public class CycleGanOnLandscapesApiTests
{
    [Fact]
    public async Task TwoStylesOfTheLandscapesTrainAModelThatTranslatesTheirImages()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var created = await client.PostAsJsonAsync("/v1/datasets/landscapes", new { count = 16, size = 64, seed = 5 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var datasetId = (await created.ReadJsonObjectAsync())["id"]!.GetValue<Guid>();

        var run = await client.StartRunAsync(datasetId,
            new { domain_a_label = 0, domain_b_label = 2, steps = 2, base_channels = 4, residual_blocks = 1, batch_size = 1 }, architecture: "cyclegan");
        var finished = await client.WaitForRunAsync(run["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed");
        Assert.True(finished["status"]!.GetValue<string>() == "Succeeded", finished.ToJsonString());

        var response = await client.PostAsJsonAsync($"/v1/models/{finished["modelId"]!.GetValue<Guid>()}/translate", new { datasetIndex = 3, direction = "b-to-a" });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using var image = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((64, 64), (image.Width, image.Height));
        Assert.NotEqual(SKColorType.Gray8, image.ColorType);

        var badStyle = await client.PostAsJsonAsync("/v1/training-runs", new { architecture = "cyclegan", datasetId, hyperparameters = new { domain_a_label = 4 } });
        await badStyle.AssertProblemAsync(HttpStatusCode.BadRequest, "0 day, 1 sunset, 2 night, 3 winter");
    }
}
