using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Tests.Datasets;
using GenService.Api.Tests.Infrastructure;
using GenService.ML.Imaging;
using SkiaSharp;

namespace GenService.Api.Tests.Models;

/// <summary>POST /v1/models/{id}/label-map-to-image, GET /v1/models/{id}/classes and its sample maps, on a tiny SPADE.</summary>
public class LabelMapToImageApiTests(TrainedSpadeFixture spade) : IClassFixture<TrainedSpadeFixture>
{
    private HttpClient Client => spade.Client;

    private string Route => $"/v1/models/{spade.ModelId}/label-map-to-image";

    [Fact]
    public async Task AnIndexMapRendersAnImageOfTheModelsSizeAndTheSameSeedGivesTheSameBytes()
    {
        var map = IndexPng.Write(TrainedSpadeFixture.Map(32, 32, horizon: 12));

        var first = await PostAsync(Route + "?seed=3", map);
        var again = await PostAsync(Route + "?seed=3", map);
        var other = await PostAsync(Route + "?seed=4", map);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("image/png", first.Content.Headers.ContentType?.MediaType);
        var image = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal(image, await again.Content.ReadAsByteArrayAsync());
        Assert.NotEqual(image, await other.Content.ReadAsByteArrayAsync());
        using var decoded = SKBitmap.Decode(image);
        Assert.Equal((32, 32), (decoded.Width, decoded.Height));
        Assert.Contains("label map 32x32 of class indices", Assert.Single(first.Headers.GetValues("X-Input-Conversion")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMapPaintedInTheClassesColoursIsTheSameMapAsItsIndices()
    {
        var map = TrainedSpadeFixture.Map(32, 32, horizon: 12, dontCareRow: false);

        var fromIndices = await PostAsync(Route + "?seed=5", IndexPng.Write(map));
        var fromColours = await PostAsync(Route + "?seed=5", TrainedSpadeFixture.Painted(map));

        Assert.Equal(HttpStatusCode.OK, fromColours.StatusCode);
        Assert.Equal(await fromIndices.Content.ReadAsByteArrayAsync(), await fromColours.Content.ReadAsByteArrayAsync());
        Assert.Contains("colours of the classes", Assert.Single(fromColours.Headers.GetValues("X-Input-Conversion")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeveralImagesComeBackAsAGridAndAStyleImageChangesThem()
    {
        var map = IndexPng.Write(TrainedSpadeFixture.Map(32, 32, horizon: 12));
        var style = TestArchives.Solid(200, 40, 40, width: 20, height: 20);

        var grid = await PostAsync(Route + "?count=4&seed=1", map);
        var styled = await PostAsync(Route + "?count=4&seed=1", map, style);

        Assert.Equal(HttpStatusCode.OK, grid.StatusCode);
        Assert.Equal(HttpStatusCode.OK, styled.StatusCode);
        using var decoded = SKBitmap.Decode(await grid.Content.ReadAsByteArrayAsync());
        Assert.Equal((2 * 32 + 3 * 2, 2 * 32 + 3 * 2), (decoded.Width, decoded.Height));
        Assert.NotEqual(await grid.Content.ReadAsByteArrayAsync(), await styled.Content.ReadAsByteArrayAsync());
        Assert.Contains("style png 20x20", Assert.Single(styled.Headers.GetValues("X-Input-Conversion")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMapOfAnotherSizeIsCroppedAndResizedByNearestNeighbour()
    {
        var response = await PostAsync(Route, IndexPng.Write(TrainedSpadeFixture.Map(48, 40, horizon: 15)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("label map 48x40 of class indices; centre crop 40x40; resized to 32x32 by nearest neighbour",
            Assert.Single(response.Headers.GetValues("X-Input-Conversion")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownColoursAndIndicesAre400NamingThemAndThePalette()
    {
        var map = TrainedSpadeFixture.Map(32, 32, horizon: 12, dontCareRow: false);
        map[3, 4] = 2;
        var painted = TrainedSpadeFixture.Painted(map);
        using (var bitmap = SKBitmap.Decode(painted))
        {
            bitmap.SetPixel(4, 3, new SKColor(0x12, 0x34, 0x56));
            painted = bitmap.Encode(SKEncodedImageFormat.Png, 100).ToArray();
        }
        map[3, 4] = 9;

        await (await PostAsync(Route, painted)).AssertProblemAsync(HttpStatusCode.BadRequest, "#123456 (1 pixels, first at x=4, y=3)");
        await (await PostAsync(Route, painted)).AssertProblemAsync(HttpStatusCode.BadRequest, "0 sky #78c8ff, 1 sea #1e46b4, 2 rock #787878");
        await (await PostAsync(Route, IndexPng.Write(map))).AssertProblemAsync(HttpStatusCode.BadRequest, "index 9 (first at x=4, y=3)");
    }

    [Theory]
    [InlineData("?count=0", "count")]
    [InlineData("?count=17", "count")]
    [InlineData("?checkpoint=soon", "checkpoint")]
    public async Task BadQueryFieldsAre400NamingThem(string query, string field)
    {
        var response = await PostAsync(Route + query, IndexPng.Write(TrainedSpadeFixture.Map(32, 32, horizon: 12)));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task BadFilesAre400SayingWhy()
    {
        var jpeg = TestArchives.Solid(0x78, 0xc8, 0xff, SKEncodedImageFormat.Jpeg);
        await (await PostAsync(Route, jpeg)).AssertProblemAsync(HttpStatusCode.BadRequest, "must be a PNG");
        await (await PostAsync(Route, IndexPng.Write(TrainedSpadeFixture.Map(32, 32, horizon: 12)), style: [1, 2, 3])).AssertProblemAsync(HttpStatusCode.BadRequest, "style");
        using var noMap = new MultipartFormDataContent { { new ByteArrayContent(TestArchives.Gray(3)), "style", "style.png" } };
        await (await Client.PostAsync(Route, noMap)).AssertProblemAsync(HttpStatusCode.BadRequest, "labelMap");
        await (await Client.PostAsJsonAsync(Route, new { seed = 1 })).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task AModelThatDoesNotRenderLabelMapsIsRefused()
    {
        var response = await PostAsync($"/v1/models/{spade.Pix2PixId}/label-map-to-image", [1, 2, 3]);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "does not support rendering label maps");
        await (await Client.GetAsync($"/v1/models/{spade.Pix2PixId}/classes")).AssertProblemAsync(HttpStatusCode.BadRequest, "spade models have");
        await (await Client.GetAsync($"/v1/models/{Guid.NewGuid()}/classes")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheClassesComeFromTheDatasetWithASampleMapThatRendersAsItIs()
    {
        var classes = await Client.GetFromJsonAsync<JsonObject>($"/v1/models/{spade.ModelId}/classes");

        Assert.Equal(["sky", "sea", "rock"], classes!["classes"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal([0, 1, 2], classes["classes"]!.AsArray().Select(c => c!["index"]!.GetValue<int>()));
        Assert.Equal("#1e46b4", classes["classes"]![1]!["colour"]!.GetValue<string>());
        Assert.Equal((255, 32, TrainedSpadeFixture.Items), (classes["dontCareIndex"]!.GetValue<int>(), classes["mapSize"]!.GetValue<int>(), classes["sampleCount"]!.GetValue<int>()));
        var url = classes["sampleLabelMapUrl"]!.GetValue<string>();
        Assert.Equal($"/v1/models/{spade.ModelId}/label-maps/{{index}}", url);

        var sample = await Client.GetAsync(url.Replace("{index}", "2", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, sample.StatusCode);
        var png = await sample.Content.ReadAsByteArrayAsync();
        var (width, height, values) = IndexedPng.Decode(png, 1 << 20);
        Assert.Equal((32, 32), (width, height));
        Assert.Equal(TrainedSpadeFixture.Map(32, 32, horizon: 12).Cast<byte>(), values);
        using (var shown = SKBitmap.Decode(png))
            Assert.Equal(new SKColor(0x78, 0xc8, 0xff), shown.GetPixel(0, 0));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Route, png)).StatusCode);
        const int last = TrainedSpadeFixture.Items - 1;
        await (await Client.GetAsync(url.Replace("{index}", $"{last + 1}", StringComparison.Ordinal))).AssertProblemAsync(HttpStatusCode.BadRequest, $"maps 0 to {last}");
    }

    [Fact]
    public async Task SpadeTrainsOnLabelMapsOnlyAndASamplerNotOnThem()
    {
        await (await Client.PostAsJsonAsync("/v1/training-runs", new { architecture = "spade", datasetId = spade.ImagesDatasetId }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "does not train on images datasets; it trains on: labelmaps");
        await (await Client.PostAsJsonAsync("/v1/training-runs", new { architecture = "dcgan", datasetId = spade.LabelMapsDatasetId }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "does not train on labelmaps datasets");
    }

    [Fact]
    public async Task ArchitecturesListSpadeWithItsCapabilityAndDatasetKind()
    {
        var architectures = await Client.GetFromJsonAsync<JsonArray>("/v1/architectures");

        var spadeEntry = architectures!.Single(a => a!["architecture"]!.GetValue<string>() == "spade")!;
        Assert.Equal(["label-map-to-image"], spadeEntry["capabilities"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(["labelmaps"], spadeEntry["datasetKinds"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    [Fact]
    public async Task AGenerationRendersTheDatasetsMapsAsTheSynchronousRouteDoesByteForByte()
    {
        var response = await Client.PostAsJsonAsync($"/v1/models/{spade.ModelId}/generations",
            new { operation = "label-map-to-image", firstDatasetIndex = 2, count = 2, seed = 10 });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.ToString();
        Assert.Equal("label-map-to-image", (await response.ReadJsonObjectAsync())["operation"]!.GetValue<string>());

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while ((await Client.GetFromJsonAsync<JsonObject>(location))!["status"]!.GetValue<string>() is var status && status != "Succeeded")
        {
            Assert.True(status != "Failed" && DateTime.UtcNow < deadline, status);
            await Task.Delay(50);
        }

        for (var i = 0; i < 2; i++)
        {
            var map = await Client.GetByteArrayAsync($"/v1/models/{spade.ModelId}/label-maps/{2 + i}");
            var synchronous = await PostAsync($"{Route}?seed={10 + i}", map);
            Assert.Equal(await synchronous.Content.ReadAsByteArrayAsync(), await Client.GetByteArrayAsync($"{location}/images/{i}"));
        }
        await (await Client.PostAsJsonAsync($"/v1/models/{spade.Pix2PixId}/generations", new { operation = "label-map-to-image", count = 1 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "does not support rendering label maps");
        await (await Client.PostAsJsonAsync($"/v1/models/{spade.ModelId}/generations", new { operation = "label-map-to-image", count = 1, truncation = 0.5 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "truncation");
        const int last = TrainedSpadeFixture.Items - 1;
        await (await Client.PostAsJsonAsync($"/v1/models/{spade.ModelId}/generations", new { operation = "label-map-to-image", count = 2, firstDatasetIndex = last }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, $"items 0 to {last}");
    }

    [Fact]
    public async Task AGenerationWithAStyleImageRendersTheMapsInItsStyleAsTheSynchronousRouteDoesByteForByte()
    {
        var style = TestArchives.Solid(200, 40, 40, width: 20, height: 12);
        var response = await Client.PostAsJsonAsync($"/v1/models/{spade.ModelId}/generations",
            new { operation = "label-map-to-image", firstDatasetIndex = 1, count = 2, seed = 7, style = Convert.ToBase64String(style) });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.ToString();
        Assert.True((await response.ReadJsonObjectAsync())["hasStyle"]!.GetValue<bool>());

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while ((await Client.GetFromJsonAsync<JsonObject>(location))!["status"]!.GetValue<string>() is var status && status != "Succeeded")
        {
            Assert.True(status != "Failed" && DateTime.UtcNow < deadline, status);
            await Task.Delay(50);
        }

        for (var i = 0; i < 2; i++)
        {
            var map = await Client.GetByteArrayAsync($"/v1/models/{spade.ModelId}/label-maps/{1 + i}");
            var synchronous = await PostAsync($"{Route}?seed={7 + i}", map, style);
            var unstyled = await PostAsync($"{Route}?seed={7 + i}", map);
            var stored = await Client.GetByteArrayAsync($"{location}/images/{i}");
            Assert.Equal(await synchronous.Content.ReadAsByteArrayAsync(), stored);
            Assert.NotEqual(await unstyled.Content.ReadAsByteArrayAsync(), stored);
        }
    }

    [Fact]
    public async Task AGenerationRefusesABadStyleImageAndAStyleForAnotherOperationBeforeAcceptingIt()
    {
        var route = $"/v1/models/{spade.ModelId}/generations";
        await (await Client.PostAsJsonAsync(route, new { operation = "label-map-to-image", count = 1, style = "not base64!" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "base64");
        await (await Client.PostAsJsonAsync(route, new { operation = "label-map-to-image", count = 1, style = Convert.ToBase64String([1, 2, 3]) }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "style");
        await (await Client.PostAsJsonAsync($"/v1/models/{spade.Pix2PixId}/generations",
                new { operation = "translate", count = 1, style = Convert.ToBase64String(TestArchives.Solid(200, 40, 40, width: 20, height: 12)) }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "label-map-to-image");
    }

    private Task<HttpResponseMessage> PostAsync(string route, byte[] labelMap, byte[]? style = null)
    {
        var form = new MultipartFormDataContent();
        var map = new ByteArrayContent(labelMap);
        map.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(map, "labelMap", "map.png");
        if (style is not null)
            form.Add(new ByteArrayContent(style), "style", "style.png");
        return Client.PostAsync(route, form);
    }
}
