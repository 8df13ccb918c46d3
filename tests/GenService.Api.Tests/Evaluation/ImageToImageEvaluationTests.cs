using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Tests.Infrastructure;
using GenService.ML.Evaluation;

using GenService.Api.Tests.Models;

namespace GenService.Api.Tests.Evaluation;

/// <summary>Evaluations of the image-to-image families through the API: a tiny ×2 SRResNet and a tiny pix2pix,
/// each trained a few steps on Fashion-MNIST, evaluated on request.</summary>
public class ImageToImageEvaluationTests
{
    private const int DatasetItems = 40;

    /// <summary>ValidationFraction 0.2 of the test host.</summary>
    private const int HeldOutItems = DatasetItems / 5;

    [Fact]
    public async Task ASuperResolutionModelIsScoredAgainstBicubicOnHeldOutCropsWithoutAFeatureNetwork()
    {
        using var factory = new GenServiceFactory();
        var client = factory.CreateClient();
        var datasetId = await client.ImportFashionMnistAsync(limit: DatasetItems);
        var modelId = await TrainAsync(client, datasetId, "srresnet", new { scale = "x2", channels = 4, residual_blocks = 1, crop_size = 16, batch_size = 2, steps = 2 });

        var evaluation = await EvaluateAsync(client, modelId);

        Assert.Null(evaluation["results"]);
        Assert.Null(evaluation["translation"]);
        Assert.Null(evaluation["featureNetwork"]);
        var figures = evaluation["superResolution"]!.AsObject();
        Assert.Equal(HeldOutItems, figures["cropCount"]!.GetValue<int>());
        Assert.Equal(2, figures["scale"]!.GetValue<int>());
        // The whole 28-pixel image: SRGAN's 96 lowered to the images' side.
        Assert.Equal(28, figures["cropSize"]!.GetValue<int>());
        foreach (var name in new[] { "psnr", "bicubicPsnr" })
            Assert.True(figures[name]!.GetValue<double>() is > 0 and < 100, name);
        foreach (var name in new[] { "ssim", "bicubicSsim" })
            Assert.InRange(figures[name]!.GetValue<double>(), -1, 1);
        // Super-resolution measures pixels only: the dataset gets no feature network for it.
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>($"/v1/datasets/{datasetId}/feature-networks"))!);

        var png = await ComparisonAsync(client, evaluation);
        // Rows of input | bicubic | model | ground truth.
        Assert.Equal(ComparisonSheet.Size(ComparisonSheet.Rows, 4, 28), PngImage.Size(png));
        Assert.True(PngImage.HasVariedPixels(png));
    }

    [Fact]
    public async Task ATranslatorIsScoredAgainstHeldOutTargetsNextToItsInputs()
    {
        using var factory = new GenServiceFactory();
        var client = factory.CreateClient();
        var datasetId = await client.ImportFashionMnistAsync(limit: DatasetItems);
        var modelId = await TrainAsync(client, datasetId, "pix2pix", new { pairs = "edges", steps = 3, base_channels = 4, batch_size = 2 });

        var evaluation = await EvaluateAsync(client, modelId);

        Assert.Null(evaluation["results"]);
        Assert.Null(evaluation["superResolution"]);
        Assert.Equal("Ready", (await client.GetFromJsonAsync<JsonArray>($"/v1/datasets/{datasetId}/feature-networks"))!.Single()!["status"]!.GetValue<string>());
        Assert.NotNull(evaluation["featureNetwork"]);
        var translation = evaluation["translation"]!.AsObject();
        Assert.Equal(HeldOutItems, translation["pairCount"]!.GetValue<int>());
        foreach (var set in new[] { "model", "input" })
        {
            var scores = translation[set]!.AsObject();
            Assert.InRange(scores["l1"]!.GetValue<double>(), 0, 1);
            Assert.True(scores["psnr"]!.GetValue<double>() > 0, set);
            Assert.InRange(scores["ssim"]!.GetValue<double>(), -1, 1);
            Assert.True(scores["frechetDistance"]!.GetValue<double>() >= 0, set);
        }

        var png = await ComparisonAsync(client, evaluation);
        // Rows of input | output | target, at pix2pix's 32 pixels.
        Assert.Equal(ComparisonSheet.Size(ComparisonSheet.Rows, 3, 32), PngImage.Size(png));
    }

    [Fact]
    public async Task ATranslatorTrainedOnStoredPairsIsScoredOnItsHeldOutPairsWithoutAFeatureNetwork()
    {
        using var factory = new GenServiceFactory();
        var client = factory.CreateClient();
        var datasetId = await PairsTrainingApiTests.UploadPairsAsync(client, 10);
        var modelId = await TrainAsync(client, datasetId, "pix2pix", new { steps = 3, base_channels = 4, batch_size = 2 });

        var evaluation = await EvaluateAsync(client, modelId);

        Assert.Null(evaluation["featureNetwork"]);
        var translation = evaluation["translation"]!.AsObject();
        Assert.Equal(2, translation["pairCount"]!.GetValue<int>());   // a fifth of 10 held out by the run seed
        var model = translation["model"]!.AsObject();
        Assert.True(model["psnr"]!.GetValue<double>() > 0);
        Assert.Null(model["frechetDistance"]);
        var png = await ComparisonAsync(client, evaluation);
        Assert.Equal(ComparisonSheet.Size(Math.Min(ComparisonSheet.Rows, 2), 3, 32), PngImage.Size(png));
    }

    [Fact]
    public async Task AnEvaluationWithoutAComparisonAnswers404()
    {
        using var factory = new GenServiceFactory();
        var client = factory.CreateClient();
        var (_, vaeId) = await client.TrainTinyVaeAsync();
        var evaluation = await EvaluateAsync(client, vaeId);

        Assert.Null(evaluation["comparisonUrl"]);
        await (await client.GetAsync($"/v1/models/{vaeId}/evaluations/{evaluation["id"]}/comparison.png")).AssertProblemAsync(HttpStatusCode.NotFound, "no comparison");
        await (await client.GetAsync($"/v1/models/{vaeId}/evaluations/{Guid.NewGuid()}/comparison.png")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/v1/models/{Guid.NewGuid()}/evaluations/{evaluation["id"]}/comparison.png")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private static async Task<Guid> TrainAsync(HttpClient client, Guid datasetId, string architecture, object hyperparameters)
    {
        var run = await client.StartRunAsync(datasetId, hyperparameters, architecture: architecture);
        var finished = await client.WaitForRunAsync(run["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed");
        Assert.True("Succeeded" == finished["status"]!.GetValue<string>(), finished.ToJsonString());
        return finished["modelId"]!.GetValue<Guid>();
    }

    private static async Task<JsonObject> EvaluateAsync(HttpClient client, Guid modelId)
    {
        var response = await client.PostAsJsonAsync($"/v1/models/{modelId}/evaluations", new { });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var queued = await response.ReadJsonObjectAsync();
        var finished = await client.WaitForEvaluationAsync(modelId, TimeSpan.FromMinutes(3), queued["id"]!.GetValue<Guid>());
        Assert.True("Succeeded" == finished["status"]!.GetValue<string>(), finished.ToJsonString());
        return finished;
    }

    private static async Task<byte[]> ComparisonAsync(HttpClient client, JsonObject evaluation)
    {
        var url = evaluation["comparisonUrl"]!.GetValue<string>();
        Assert.Equal($"/v1/models/{evaluation["modelId"]}/evaluations/{evaluation["id"]}/comparison.png", url);
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
