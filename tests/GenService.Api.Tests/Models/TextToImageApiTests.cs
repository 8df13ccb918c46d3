using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Tests.Infrastructure;
using SkiaSharp;

namespace GenService.Api.Tests.Models;

/// <summary>POST /v1/models/{id}/text-to-image, text-to-image/prompts and text-interpolation on a tiny textgan.</summary>
public class TextToImageApiTests(TrainedTextGanFixture textGan) : IClassFixture<TrainedTextGanFixture>
{
    private HttpClient Client => textGan.Client;

    private string Route => $"/v1/models/{textGan.ModelId}/text-to-image";

    private string PromptsRoute => $"/v1/models/{textGan.ModelId}/text-to-image/prompts";

    private string WalkRoute => $"/v1/models/{textGan.ModelId}/text-interpolation";

    [Fact]
    public async Task APromptDrawsStageTwoAtTwiceTheDatasetsSizeAndTheSamePromptAndSeedGiveTheSameBytes()
    {
        var first = await Client.PostAsJsonAsync(Route, new { prompt = "a dark shirt", seed = 3 });
        var again = await Client.PostAsJsonAsync(Route, new { prompt = "a dark shirt", seed = 3 });
        // A one-step stage II barely reads its input yet: another seed is told apart at stage I, where z enters.
        var stageOne = await Client.PostAsJsonAsync(Route, new { prompt = "a dark shirt", seed = 3, stage = "I" });
        var otherSeed = await Client.PostAsJsonAsync(Route, new { prompt = "a dark shirt", seed = 4, stage = "I" });

        Assert.True(first.StatusCode == HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        Assert.Equal("image/png", first.Content.Headers.ContentType?.MediaType);
        var image = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal(image, await again.Content.ReadAsByteArrayAsync());
        Assert.NotEqual(await stageOne.Content.ReadAsByteArrayAsync(), await otherSeed.Content.ReadAsByteArrayAsync());
        using var decoded = SKBitmap.Decode(image);
        Assert.Equal((64, 64), (decoded.Width, decoded.Height));    // Fashion-MNIST's 28 pixels draw at 32 in stage I
    }

    [Fact]
    public async Task StageOneDrawsAtTheDatasetsGanSizeAndSeveralImagesComeBackAsAGrid()
    {
        var stageOne = await Client.PostAsJsonAsync(Route, new { prompt = "ein Turnschuh 👟 with words never seen", stage = "I" });
        var grid = await Client.PostAsJsonAsync(Route, new { prompt = "a light sneaker", count = 4, columns = 2, stage = "II", format = "webp" });

        Assert.True(stageOne.StatusCode == HttpStatusCode.OK, await stageOne.Content.ReadAsStringAsync());
        using (var decoded = SKBitmap.Decode(await stageOne.Content.ReadAsByteArrayAsync()))
            Assert.Equal((32, 32), (decoded.Width, decoded.Height));
        Assert.Equal("image/webp", grid.Content.Headers.ContentType?.MediaType);
        using (var decoded = SKBitmap.Decode(await grid.Content.ReadAsByteArrayAsync()))
            Assert.Equal(((2 * 64) + (3 * 2), (2 * 64) + (3 * 2)), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task AWalkBetweenTwoPromptsIsARowOfFramesFromTheFirstPromptsImageOrAGif()
    {
        var single = await Client.PostAsJsonAsync(Route, new { prompt = "a dark coat", seed = 2, stage = "I" });
        var row = await Client.PostAsJsonAsync(WalkRoute, new { fromPrompt = "a dark coat", toPrompt = "a light sneaker", seed = 2, steps = 3, stage = "I" });
        var gif = await Client.PostAsJsonAsync(WalkRoute, new { fromPrompt = "a dark coat", toPrompt = "a light sneaker", steps = 3, format = "gif" });

        Assert.True(row.StatusCode == HttpStatusCode.OK, await row.Content.ReadAsStringAsync());
        using var frames = SKBitmap.Decode(await row.Content.ReadAsByteArrayAsync());
        using var first = SKBitmap.Decode(await single.Content.ReadAsByteArrayAsync());
        Assert.Equal(((3 * 32) + (4 * 2), 32 + (2 * 2)), (frames.Width, frames.Height));
        for (var y = 0; y < 32; y++)
        {
            for (var x = 0; x < 32; x++)
                Assert.Equal(first.GetPixel(x, y), frames.GetPixel(x + 2, y + 2));
        }
        Assert.Equal("image/gif", gif.Content.Headers.ContentType?.MediaType);
        var badWalk = await Client.PostAsJsonAsync(WalkRoute, new { fromPrompt = "a coat", toPrompt = "", steps = 1 });
        await badWalk.AssertProblemAsync(HttpStatusCode.BadRequest, "empty");
        var problem = await badWalk.Content.ReadAsStringAsync();
        Assert.Contains("\"toPrompt\"", problem, StringComparison.Ordinal);
        Assert.Contains("\"steps\"", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeveralPromptsWithOneSeedAreARowOfWhatEachPromptDrawsAloneWithThatSeed()
    {
        string[] prompts = ["a dark coat", "a light sneaker", "ein Turnschuh 👟"];
        var row = await Client.PostAsJsonAsync(PromptsRoute, new { prompts, seed = 5, stage = "I" });
        var again = await Client.PostAsJsonAsync(PromptsRoute, new { prompts, seed = 5, stage = "I" });

        Assert.True(row.StatusCode == HttpStatusCode.OK, await row.Content.ReadAsStringAsync());
        var bytes = await row.Content.ReadAsByteArrayAsync();
        Assert.Equal(bytes, await again.Content.ReadAsByteArrayAsync());
        using var images = SKBitmap.Decode(bytes);
        Assert.Equal(((3 * 32) + (4 * 2), 32 + (2 * 2)), (images.Width, images.Height));
        for (var i = 0; i < prompts.Length; i++)
        {
            var alone = await Client.PostAsJsonAsync(Route, new { prompt = prompts[i], seed = 5, stage = "I" });
            using var single = SKBitmap.Decode(await alone.Content.ReadAsByteArrayAsync());
            for (var y = 0; y < 32; y++)
            {
                for (var x = 0; x < 32; x++)
                    Assert.Equal(single.GetPixel(x, y), images.GetPixel(x + 2 + (i * 34), y + 2));
            }
        }
    }

    public static TheoryData<string, string, string> BadPromptLists => new()
    {
        { """{"prompts": []}""", "prompts", "1 to 64 prompts" },
        { """{"seed": 1}""", "prompts", "1 to 64 prompts" },
        { $$"""{"prompts": [{{string.Join(',', Enumerable.Repeat("\"a coat\"", 65))}}]}""", "prompts", "1 to 64 prompts" },
        { """{"prompts": ["a coat", " "]}""", "prompts[1]", "empty" },
        { $$"""{"prompts": ["{{string.Concat(Enumerable.Repeat("dress ", 80))}}"]}""", "prompts[0]", "longer than 77 tokens" },
    };

    [Theory]
    [MemberData(nameof(BadPromptLists))]
    public async Task BadPromptListsAre400NamingThePrompt(string body, string field, string detail)
    {
        var response = await Client.PostAsync(PromptsRoute, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, detail);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadRequests => new()
    {
        { """{"prompt": "  "}""", "prompt", "empty" },
        { $$"""{"prompt": "{{string.Concat(Enumerable.Repeat("dress ", 80))}}"}""", "prompt", "longer than 77 tokens" },
        { """{"count": 1}""", "prompt", "Give the text" },
        { """{"prompt": "a coat", "count": 0}""", "count", "between 1 and 256" },
        { """{"prompt": "a coat", "checkpoint": "soon"}""", "checkpoint", "" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRequestsAre400NamingTheFieldAndTheLimit(string body, string field, string detail)
    {
        var response = await Client.PostAsync(Route, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, detail);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGenerationDrawsThePromptAsTheSynchronousRouteDoesByteForByte()
    {
        var route = $"/v1/models/{textGan.ModelId}/generations";
        var stageOne = await Client.PostAsJsonAsync(route, new { operation = "text-to-image", prompt = "a dark coat", count = 3, seed = 5, stage = "I" });
        var stageTwo = await Client.PostAsJsonAsync(route, new { operation = "text-to-image", prompt = "a light sneaker 👟", count = 2, seed = 9, format = "webp" });
        Assert.True(stageOne.StatusCode == HttpStatusCode.Accepted, await stageOne.Content.ReadAsStringAsync());
        Assert.True(stageTwo.StatusCode == HttpStatusCode.Accepted, await stageTwo.Content.ReadAsStringAsync());
        var created = await stageTwo.ReadJsonObjectAsync();
        Assert.Equal(("text-to-image", "a light sneaker 👟", "II"),
            (created["operation"]!.GetValue<string>(), created["prompt"]!.GetValue<string>(), created["stage"]!.GetValue<string>()));

        var stageOneImages = await StoredImagesAsync(stageOne.Headers.Location!.ToString(), 3);
        var stageTwoImages = await StoredImagesAsync(stageTwo.Headers.Location!.ToString(), 2);

        for (var i = 0; i < 3; i++)
        {
            var synchronous = await Client.PostAsJsonAsync(Route, new { prompt = "a dark coat", seed = 5 + i, stage = "I" });
            Assert.Equal(await synchronous.Content.ReadAsByteArrayAsync(), stageOneImages[i]);
        }
        for (var i = 0; i < 2; i++)
        {
            var synchronous = await Client.PostAsJsonAsync(Route, new { prompt = "a light sneaker 👟", seed = 9 + i, format = "webp" });
            Assert.Equal(await synchronous.Content.ReadAsByteArrayAsync(), stageTwoImages[i]);
        }
    }

    public static TheoryData<string, string, string> BadGenerations => new()
    {
        { """{"operation": "text-to-image", "count": 1}""", "prompt", "Give the text" },
        { """{"operation": "text-to-image", "prompt": " \t "}""", "prompt", "empty" },
        { $$"""{"operation": "text-to-image", "prompt": "{{string.Concat(Enumerable.Repeat("dress ", 80))}}"}""", "prompt", "longer than 77 tokens" },
        { """{"operation": "text-to-image", "prompt": "a coat", "truncation": 0.5}""", "truncation", "prompts" },
        { """{"operation": "text-to-image", "prompt": "a coat", "stage": "III"}""", "", "" },
        { """{"prompt": "a coat"}""", "prompt", "text-to-image" },
        { """{"stage": "I"}""", "stage", "text-to-image" },
    };

    [Theory]
    [MemberData(nameof(BadGenerations))]
    public async Task ABadGenerationIs400NamingTheFieldAndNothingIsQueued(string body, string field, string detail)
    {
        var route = $"/v1/models/{textGan.ModelId}/generations";
        var before = (await Client.GetFromJsonAsync<JsonArray>(route))!.Count;

        var response = await Client.PostAsync(route, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, detail);
        Assert.Contains($"\"{field}", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, (await Client.GetFromJsonAsync<JsonArray>(route))!.Count);
    }

    [Fact]
    public async Task AModelOfAnotherFamilyIs400NamingWhatItCanDo()
    {
        var (_, vae) = await Client.TrainTinyVaeAsync();

        var response = await Client.PostAsJsonAsync($"/v1/models/{vae}/text-to-image", new { prompt = "a coat" });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "text-to-image");
    }

    private async Task<IReadOnlyList<byte[]>> StoredImagesAsync(string location, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while ((await Client.GetFromJsonAsync<JsonObject>(location))!["status"]!.GetValue<string>() is var status && status != "Succeeded")
        {
            Assert.True(status != "Failed" && DateTime.UtcNow < deadline, status);
            await Task.Delay(50);
        }
        var images = new List<byte[]>();
        for (var i = 0; i < count; i++)
            images.Add(await Client.GetByteArrayAsync($"{location}/images/{i}"));
        return images;
    }

    [Fact]
    public async Task AnUnknownStageIs400AndAnUnknownModel404()
    {
        var badStage = await Client.PostAsJsonAsync(Route, new { prompt = "a coat", stage = "III" });
        var unknown = await Client.PostAsJsonAsync($"/v1/models/{Guid.NewGuid()}/text-to-image", new { prompt = "a coat" });

        Assert.Equal(HttpStatusCode.BadRequest, badStage.StatusCode);
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
