using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Tests.Datasets;
using GenService.Api.Tests.Evaluation;
using GenService.Api.Tests.Infrastructure;
using GenService.ML.Evaluation;
using SkiaSharp;
using static GenService.Api.Tests.Models.TranslateApiTests;

namespace GenService.Api.Tests.Models;

/// <summary>Super-resolution trained through the API on a photos dataset: photos at their own sizes, held out by folder.</summary>
public class SuperResolutionOnPhotosApiTests
{
    private static readonly object TinySrResNet = new { scale = "x2", channels = 4, residual_blocks = 1, crop_size = 16, batch_size = 2, steps = 2 };

    [Fact]
    public async Task SrResNetTrainsOnPhotosOfMixedSizesSuperResolvesAndIsEvaluatedOnHeldOutCrops()
    {
        using var factory = new GenServiceFactory { Settings = { ["Evaluation:AfterTraining"] = "true" } };
        using var client = factory.CreateClient();
        var dataset = await UploadPhotosAsync(client,
            ("train/wide.png", ColourPhoto(40, 18)), ("train/tall.png", ColourPhoto(20, 36)), ("train/square.png", ColourPhoto(24, 24)),
            ("held-out/other.png", ColourPhoto(30, 21)));

        var run = await client.StartRunAsync(dataset, TinySrResNet, architecture: "srresnet");
        var finished = await client.WaitForRunAsync(run["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed");

        Assert.True("Succeeded" == finished["status"]!.GetValue<string>(), finished.ToJsonString());
        var modelId = finished["modelId"]!.GetValue<Guid>();
        var response = await client.PostAsync($"/v1/models/{modelId}/super-resolve", Body(ColourPhoto(10, 7), "image/png"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var upscaled = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((20, 14), (upscaled.Width, upscaled.Height));
        // Evaluated after training on crops of the held-out photo (30x21): the test host's 20, on a grid over it,
        // 20 pixels (its shorter side, even for x2), with no feature network (photos have none).
        var evaluation = await client.WaitForEvaluationAsync(modelId, TimeSpan.FromMinutes(2));
        Assert.True("Succeeded" == evaluation["status"]!.GetValue<string>(), evaluation.ToJsonString());
        Assert.Null(evaluation["featureNetwork"]);
        var figures = evaluation["superResolution"]!.AsObject();
        Assert.Equal((20, 20), (figures["cropCount"]!.GetValue<int>(), figures["cropSize"]!.GetValue<int>()));
        Assert.True(figures["psnr"]!.GetValue<double>() > 0 && figures["bicubicPsnr"]!.GetValue<double>() > 0);
        var comparison = await client.GetAsync(evaluation["comparisonUrl"]!.GetValue<string>());
        Assert.Equal(ComparisonSheet.Size(ComparisonSheet.Rows, 4, 20), PngImage.Size(await comparison.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task PhotosSmallerThanTheSmallestCropAreRefused()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var dataset = await UploadPhotosAsync(client, ("train/big.png", ColourPhoto(30, 30)), ("held-out/small.png", ColourPhoto(40, 12)));

        var response = await client.PostAsJsonAsync("/v1/training-runs", new { architecture = "srresnet", datasetId = dataset, hyperparameters = TinySrResNet });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "at least 16x16");
    }

    [Fact]
    public async Task PhotosWithoutHeldOutOnesAreRefusedSayingHowToHoldSomeOut()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var dataset = await UploadPhotosAsync(client, ("a.png", ColourPhoto(30, 30)), ("b.png", ColourPhoto(20, 24)));

        var response = await client.PostAsJsonAsync("/v1/training-runs", new { architecture = "srgan", datasetId = dataset, hyperparameters = TinySrResNet });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "held-out/");
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/v1/training-runs"))!);
    }

    private static async Task<Guid> UploadPhotosAsync(HttpClient client, params (string Name, byte[] Content)[] photos)
    {
        var response = await client.PostAsync("/v1/datasets", TestArchives.Form(TestArchives.Zip(photos), kind: "photos"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonObjectAsync())["id"]!.GetValue<Guid>();
    }
}
