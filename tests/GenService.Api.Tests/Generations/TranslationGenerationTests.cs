using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Tests.Infrastructure;
using GenService.Api.Tests.Models;

namespace GenService.Api.Tests.Generations;

/// <summary>Generations that translate a range of the model's dataset: image i is the synchronous translation of item first + i with seed + i.</summary>
public class TranslationGenerationTests(TrainedPix2PixFixture pix2pix) : IClassFixture<TrainedPix2PixFixture>
{
    private HttpClient Client => pix2pix.Client;

    [Fact]
    public async Task EachStoredImageIsTheSynchronousTranslationByteForByte()
    {
        var response = await Client.PostAsJsonAsync($"/v1/models/{pix2pix.ModelId}/generations",
            new { operation = "translate", firstDatasetIndex = 3, count = 3, seed = 10 });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.ToString();
        var created = await response.ReadJsonObjectAsync();
        Assert.Equal(("translate", 3), (created["operation"]!.GetValue<string>(), created["firstDatasetIndex"]!.GetValue<int>()));

        await WaitForSuccessAsync(location);

        for (var i = 0; i < 3; i++)
        {
            var stored = await Client.GetByteArrayAsync($"{location}/images/{i}");
            var synchronous = await Client.PostAsJsonAsync($"/v1/models/{pix2pix.ModelId}/translate", new { datasetIndex = 3 + i, seed = 10 + i });
            Assert.Equal(await synchronous.Content.ReadAsByteArrayAsync(), stored);
        }
    }

    [Fact]
    public async Task CombinationsTheModelCannotDoAreRefused()
    {
        var pix2pixRoute = $"/v1/models/{pix2pix.ModelId}/generations";
        await (await Client.PostAsJsonAsync($"/v1/models/{pix2pix.VaeId}/generations", new { operation = "translate", count = 1 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "does not support image translation");
        await (await Client.PostAsJsonAsync(pix2pixRoute, new { count = 1 })).AssertProblemAsync(HttpStatusCode.BadRequest, "does not support sampling");
        await (await Client.PostAsJsonAsync(pix2pixRoute, new { operation = "translate", count = 1, truncation = 0.7 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "not to translations");
        await (await Client.PostAsJsonAsync($"/v1/models/{pix2pix.VaeId}/generations", new { count = 1, firstDatasetIndex = 2 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "firstDatasetIndex");
        await (await Client.PostAsJsonAsync(pix2pixRoute, new { operation = "translate", count = 2, firstDatasetIndex = TrainedPix2PixFixture.DatasetItems - 1 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "items 0 to 39");
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
}
