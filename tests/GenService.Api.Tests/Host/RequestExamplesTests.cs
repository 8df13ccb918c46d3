using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Host;

/// <summary>
/// Each JSON request body's documented example, sent unchanged as Swagger UI would send it, is accepted:
/// on a tiny VAE, a tiny StyleGAN for the style routes, a tiny pix2pix for translation, a tiny textgan for text to image, a tiny
/// Social GAN for forecasts, and a real dataset. Only ids, which no document can
/// know, are the test's own: the path's, and the datasetId a training run names.
/// </summary>
public class RequestExamplesTests
{
    /// <summary>As in StyleGanTrainingTests: narrow enough to train in seconds.</summary>
    private static readonly object TinyStyleGan = new { steps = 6, batch_size = 8, w_dim = 16, mapping_layers = 2, channel_base = 128, max_channels = 8 };

    /// <summary>As in TrainedPix2PixFixture.</summary>
    private static readonly object TinyPix2Pix = new { pairs = "edges", steps = 3, base_channels = 4, batch_size = 2 };

    /// <summary>As in TrainedTextGanFixture.</summary>
    private static readonly object TinyTextGan = new { steps = 3, batch_size = 4, latent_dim = 8, condition_dim = 8, text_dim = 16, base_channels = 4 };

    [Fact]
    public async Task EveryDocumentedRequestExampleIsAcceptedAsIs()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"))!.AsObject();
        JsonNode Example(string schema) => document["components"]!["schemas"]![schema]!["example"]!.DeepClone();

        var (_, vae) = await client.TrainTinyVaeAsync();
        var styleGanData = await client.ImportFashionMnistAsync(limit: 60);
        var styleGanRun = await client.StartRunAsync(styleGanData, TinyStyleGan, architecture: "stylegan");
        var styleGan = (await client.WaitForRunAsync(styleGanRun["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed"))["modelId"]!.GetValue<Guid>();
        var pix2PixRun = await client.StartRunAsync(styleGanData, TinyPix2Pix, architecture: "pix2pix");
        var pix2Pix = (await client.WaitForRunAsync(pix2PixRun["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed"))["modelId"]!.GetValue<Guid>();

        var tried = new List<string>();
        Task<HttpResponseMessage> PostAsync(string route, string schema, HttpStatusCode expected, JsonNode? body = null) =>
            SendAsync(HttpMethod.Post, route, schema, expected, body);
        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string route, string schema, HttpStatusCode expected, JsonNode? body = null)
        {
            var response = await client.SendAsync(new HttpRequestMessage(method, route) { Content = JsonContent.Create(body ?? Example(schema)) });
            Assert.True(response.StatusCode == expected, $"{schema} to {route}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            tried.Add(schema);
            return response;
        }

        await PostAsync($"/v1/models/{vae}/samples", "SampleRequest", HttpStatusCode.OK);
        await PostAsync($"/v1/models/{vae}/interpolate", "InterpolateRequest", HttpStatusCode.OK);
        await PostAsync($"/v1/models/{styleGan}/style-mixing", "StyleMixingRequest", HttpStatusCode.OK);
        await PostAsync($"/v1/models/{styleGan}/noise-variation", "NoiseVariationRequest", HttpStatusCode.OK);
        await PostAsync($"/v1/models/{pix2Pix}/translate", "TranslateRequest", HttpStatusCode.OK);
        await PostAsync($"/v1/models/{vae}/generations", "GenerationRequest", HttpStatusCode.Accepted);
        await PostAsync($"/v1/models/{vae}/evaluations", "EvaluationRequest", HttpStatusCode.Accepted);
        await PostAsync("/v1/keys", "CreateApiKeyRequest", HttpStatusCode.Created);
        var account = await PostAsync("/v1/accounts", "CreateAccountRequest", HttpStatusCode.Created);
        await SendAsync(HttpMethod.Put, $"/v1/accounts/{(await account.ReadJsonObjectAsync())["account"]!["id"]}/quotas", "SetQuotasRequest", HttpStatusCode.OK);
        await PostAsync("/v1/datasets/photos", "ImportDebianPhotosRequest", HttpStatusCode.Created);
        await PostAsync("/v1/datasets/landscapes", "ImportLandscapesRequest", HttpStatusCode.Created);
        var captions = await PostAsync("/v1/datasets/fashion-mnist-captions", "ImportFashionMnistCaptionsRequest", HttpStatusCode.Created);
        var textGanRun = await client.StartRunAsync((await captions.ReadJsonObjectAsync())["id"]!.GetValue<Guid>(), TinyTextGan, architecture: "textgan");
        var textGan = (await client.WaitForRunAsync(textGanRun["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed"))["modelId"]!.GetValue<Guid>();
        await PostAsync($"/v1/models/{textGan}/text-to-image", "TextToImageRequest", HttpStatusCode.OK);
        await PostAsync($"/v1/models/{textGan}/text-to-image/prompts", "TextToImagePromptsRequest", HttpStatusCode.OK);
        await PostAsync($"/v1/models/{textGan}/text-interpolation", "TextInterpolationRequest", HttpStatusCode.OK);
        var crowds = await PostAsync("/v1/datasets/crowds", "ImportCrowdsRequest", HttpStatusCode.Created);
        var socialGanRun = await client.StartRunAsync((await crowds.ReadJsonObjectAsync())["id"]!.GetValue<Guid>(), Training.SocialGanTrainingTests.TinySocialGan, architecture: "socialgan");
        var socialGan = (await client.WaitForRunAsync(socialGanRun["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed"))["modelId"]!.GetValue<Guid>();
        await PostAsync($"/v1/models/{socialGan}/trajectories", "TrajectoryForecastRequest", HttpStatusCode.OK);
        await PostAsync("/v1/datasets/landscape-captions", "ImportLandscapeCaptionsRequest", HttpStatusCode.Created);
        var imported = await PostAsync("/v1/datasets/fashion-mnist", "ImportFashionMnistRequest", HttpStatusCode.Created);

        var datasetId = (await imported.ReadJsonObjectAsync())["id"]!.GetValue<Guid>();
        var training = Example("StartTrainingRunRequest");
        training["datasetId"] = datasetId;
        var run = await PostAsync("/v1/training-runs", "StartTrainingRunRequest", HttpStatusCode.Accepted, training);
        // Its 500 steps are not this test's business.
        await client.PostAsync($"/v1/training-runs/{(await run.ReadJsonObjectAsync())["id"]}/cancel", null);

        Assert.Equal(
            ApiDocumentTests.JsonRequestBodies(document).Select(b => b.Schema).Order(),
            tried.Order());
    }
}
