using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Tests.Evaluation;
using GenService.Api.Tests.Infrastructure;
using SkiaSharp;

namespace GenService.Api.Tests.Models;

/// <summary>POST /v1/models/{id}/translate and translate generations on a tiny CycleGAN: both directions, the round trip, and
/// what a one-way translator (pix2pix) answers to them.</summary>
public class CycleGanTranslateApiTests(TrainedCycleGanFixture cycleGan) : IClassFixture<TrainedCycleGanFixture>
{
    private HttpClient Client => cycleGan.Client;

    private string Route => $"/v1/models/{cycleGan.ModelId}/translate";

    [Fact]
    public async Task BothDirectionsAndTheRoundTripGiveImagesOfTheDatasetsShape()
    {
        var aToB = await TranslateItemAsync(new { datasetIndex = TrainedCycleGanFixture.Sneaker, direction = "a-to-b" });
        var byDefault = await TranslateItemAsync(new { datasetIndex = TrainedCycleGanFixture.Sneaker });
        var bToA = await TranslateItemAsync(new { datasetIndex = TrainedCycleGanFixture.Sneaker, direction = "b-to-a" });
        var roundTrip = await TranslateItemAsync(new { datasetIndex = TrainedCycleGanFixture.Sneaker, direction = "a-to-b", roundTrip = true });

        Assert.Equal(aToB, byDefault);
        Assert.NotEqual(aToB, bToA);
        Assert.NotEqual(aToB, roundTrip);
        using var decoded = SKBitmap.Decode(roundTrip);
        Assert.Equal((28, 28, SKColorType.Gray8), (decoded.Width, decoded.Height, decoded.ColorType));
    }

    [Fact]
    public async Task AnUploadTakesDirectionAndRoundTripInTheQueryAndTheSameInputGivesTheSameBytes()
    {
        var image = GrayImage(28);

        var first = await Client.PostAsync($"{Route}?direction=b-to-a&roundTrip=true", Body(image));
        var again = await Client.PostAsync($"{Route}?direction=B-TO-A&roundTrip=true&seed=9", Body(image));
        var oneWay = await Client.PostAsync($"{Route}?direction=b-to-a", Body(image));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var bytes = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal(bytes, await again.Content.ReadAsByteArrayAsync());    // no noise: the seed changes nothing
        Assert.NotEqual(bytes, await oneWay.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AnUnknownDirectionIsRefusedNamingTheChoices()
    {
        await (await Client.PostAsync($"{Route}?direction=sideways", Body(GrayImage(28)))).AssertProblemAsync(HttpStatusCode.BadRequest, "a-to-b");
        await (await Client.PostAsJsonAsync(Route, new { datasetIndex = 0, direction = "sideways" })).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AOneWayTranslatorRefusesADirectionAndARoundTrip()
    {
        var pix2pix = $"/v1/models/{cycleGan.Pix2PixId}/translate";

        await (await Client.PostAsJsonAsync(pix2pix, new { datasetIndex = 0, direction = "a-to-b" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "\"direction\"");
        await (await Client.PostAsync($"{pix2pix}?roundTrip=true", Body(GrayImage(32))))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "\"roundTrip\"");
        await (await Client.PostAsJsonAsync($"/v1/models/{cycleGan.Pix2PixId}/generations", new { operation = "translate", count = 1, direction = "b-to-a" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "cyclegan models have");
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsJsonAsync(pix2pix, new { datasetIndex = 0, roundTrip = false })).StatusCode);
    }

    [Fact]
    public async Task AGenerationStoresTheSynchronousTranslationsOfItsDirectionByteForByte()
    {
        var response = await Client.PostAsJsonAsync($"/v1/models/{cycleGan.ModelId}/generations",
            new { operation = "translate", firstDatasetIndex = 4, count = 2, direction = "b-to-a", roundTrip = true });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var created = await response.ReadJsonObjectAsync();
        Assert.Equal(("b-to-a", true), (created["direction"]!.GetValue<string>(), created["roundTrip"]!.GetValue<bool>()));
        var location = response.Headers.Location!.ToString();

        await WaitForSuccessAsync(location);

        for (var i = 0; i < 2; i++)
        {
            var stored = await Client.GetByteArrayAsync($"{location}/images/{i}");
            Assert.Equal(await TranslateItemAsync(new { datasetIndex = 4 + i, direction = "b-to-a", roundTrip = true }), stored);
        }
        await (await Client.PostAsJsonAsync($"/v1/models/{cycleGan.ModelId}/generations", new { count = 1, direction = "b-to-a" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "direction");
    }

    [Theory]
    [InlineData(12, 5, "domain_a_label is 12")]
    [InlineData(5, 5, "both 5")]
    public async Task DomainLabelsTheDatasetDoesNotHaveAreRefusedWhenTheRunIsRequested(int labelA, int labelB, string message)
    {
        var response = await Client.PostAsJsonAsync("/v1/training-runs", new
        {
            architecture = "cyclegan",
            datasetId = cycleGan.DatasetId,
            hyperparameters = new { domain_a_label = labelA, domain_b_label = labelB },
        });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task TheEvaluationReportsTargetDomainRatesBesideTheIdentityMappingsAndCyclePsnr()
    {
        var requested = await Client.PostAsJsonAsync($"/v1/models/{cycleGan.ModelId}/evaluations", new { });
        Assert.True(requested.StatusCode == HttpStatusCode.Accepted, await requested.Content.ReadAsStringAsync());
        var id = (await requested.ReadJsonObjectAsync())["id"]!.GetValue<Guid>();

        var evaluation = await Client.WaitForEvaluationAsync(cycleGan.ModelId, TimeSpan.FromMinutes(3), id);

        Assert.True(evaluation["status"]!.GetValue<string>() == "Succeeded", evaluation.ToJsonString());
        var figures = evaluation["cycleTranslation"]!.AsObject();
        Assert.True(figures["imagesA"]!.GetValue<int>() > 0 && figures["imagesB"]!.GetValue<int>() > 0, figures.ToJsonString());
        foreach (var rate in new[] { "targetRateAToB", "identityTargetRateAToB", "targetRateBToA", "identityTargetRateBToA" })
            Assert.InRange(figures[rate]!.GetValue<double>(), 0, 1);
        Assert.True(figures["cyclePsnrA"]!.GetValue<double>() > 0);
        var comparison = await Client.GetAsync(evaluation["comparisonUrl"]!.GetValue<string>());
        Assert.Equal("image/png", comparison.Content.Headers.ContentType?.MediaType);
    }

    private async Task<byte[]> TranslateItemAsync(object request)
    {
        var response = await Client.PostAsJsonAsync(Route, request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task WaitForSuccessAsync(string url)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var generation = (await Client.GetFromJsonAsync<JsonObject>(url))!;
            var status = generation["status"]!.GetValue<string>();
            if (status == "Succeeded")
                return;
            Assert.True(status != "Failed" && DateTime.UtcNow < deadline, generation.ToJsonString());
            await Task.Delay(50);
        }
    }

    private static ByteArrayContent Body(byte[] image)
    {
        var content = new ByteArrayContent(image);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return content;
    }

    private static byte[] GrayImage(int size)
    {
        using var bitmap = new SKBitmap(size, size, SKColorType.Gray8, SKAlphaType.Opaque);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
                bitmap.SetPixel(x, y, new SKColor((byte)(x * 9), (byte)(x * 9), (byte)(x * 9)));
        }
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }
}
