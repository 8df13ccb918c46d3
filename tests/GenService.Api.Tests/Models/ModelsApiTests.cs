using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Tests.Infrastructure;
using SkiaSharp;

namespace GenService.Api.Tests.Models;

public class ModelsApiTests(TrainedVaeFixture vae) : IClassFixture<TrainedVaeFixture>
{
    private HttpClient Client => vae.Client;

    [Fact]
    public async Task TheSameSeedGivesTheSameBytes()
    {
        var first = await SampleAsync(new { count = 9, seed = 42 });
        var second = await SampleAsync(new { count = 9, seed = 42 });
        var other = await SampleAsync(new { count = 9, seed = 43 });

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task ImageIOfAGridIsTheImageOfSeedPlusIAlone()
    {
        var grid = Decode(await SampleAsync(new { count = 4, seed = 10, columns = 4 }));
        var alone = Decode(await SampleAsync(new { count = 1, seed = 12, layout = "single" }));

        // Third tile of a one-row grid with 2 px padding: x offset 2 * (28 + 2) + 2.
        using var tile = new SKBitmap(28, 28);
        Assert.True(grid.ExtractSubset(tile, SKRectI.Create(62, 2, 28, 28)));
        Assert.Equal(alone.Pixels, tile.Pixels);
    }

    [Theory]
    [InlineData("png", "image/png")]
    [InlineData("jpeg", "image/jpeg")]
    [InlineData("webp", "image/webp")]
    public async Task SamplesComeInTheRequestedFormat(string format, string contentType)
    {
        var response = await Client.PostAsJsonAsync($"/v1/models/{vae.ModelId}/samples", new { count = 4, format });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        using var image = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((2 * 28 + 3 * 2, 2 * 28 + 3 * 2), (image.Width, image.Height));
    }

    [Fact]
    public async Task InterpolationIsARowOfFramesBetweenTheTwoSeedsSamples()
    {
        var response = await Client.PostAsJsonAsync($"/v1/models/{vae.ModelId}/interpolate", new { fromSeed = 5, toSeed = 9, steps = 6 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((6 * 28 + 7 * 2, 28 + 2 * 2), (row.Width, row.Height));

        var first = Decode(await SampleAsync(new { count = 1, seed = 5, layout = "single" }));
        using var firstFrame = new SKBitmap(28, 28);
        Assert.True(row.ExtractSubset(firstFrame, SKRectI.Create(2, 2, 28, 28)));
        Assert.Equal(first.Pixels, firstFrame.Pixels);
    }

    [Fact]
    public async Task LinearAndSphericalWalksShareTheirEndsButNotTheirMiddles()
    {
        async Task<byte[]> WalkAsync(string path) => await (await Client.PostAsJsonAsync(
            $"/v1/models/{vae.ModelId}/interpolate", new { fromSeed = 5, toSeed = 9, steps = 3, path })).Content.ReadAsByteArrayAsync();

        var (linear, spherical) = (Decode(await WalkAsync("lerp")), Decode(await WalkAsync("slerp")));

        SKBitmap Frame(SKBitmap row, int index)
        {
            var frame = new SKBitmap(28, 28);
            Assert.True(row.ExtractSubset(frame, SKRectI.Create(2 + index * 30, 2, 28, 28)));
            return frame;
        }
        Assert.Equal(Frame(linear, 0).Pixels, Frame(spherical, 0).Pixels);
        Assert.Equal(Frame(linear, 2).Pixels, Frame(spherical, 2).Pixels);
        Assert.NotEqual(Frame(linear, 1).Pixels, Frame(spherical, 1).Pixels);
    }

    [Fact]
    public async Task ReconstructsAnUploadedPhotoAtTheModelsSize()
    {
        using var form = new MultipartFormDataContent();
        var photo = new ByteArrayContent(await File.ReadAllBytesAsync("/usr/lib/python3/dist-packages/skimage/data/astronaut.png"));
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(photo, "image", "astronaut.png");

        var response = await Client.PostAsync($"/v1/models/{vae.ModelId}/reconstruct", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var image = Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((28, 28), (image.Width, image.Height));
    }

    [Fact]
    public async Task RejectsBadGenerationRequests()
    {
        var samples = $"/v1/models/{vae.ModelId}/samples";
        await (await Client.PostAsJsonAsync(samples, new { count = 0 })).AssertProblemAsync(HttpStatusCode.BadRequest, "count");
        await (await Client.PostAsJsonAsync(samples, new { count = 10_000 })).AssertProblemAsync(HttpStatusCode.BadRequest, "between 1 and 256");
        await (await Client.PostAsJsonAsync(samples, new { format = "bmp" })).AssertProblemAsync(HttpStatusCode.BadRequest, "png, jpeg or webp");
        await (await Client.PostAsJsonAsync(samples, new { layout = "single", count = 3 })).AssertProblemAsync(HttpStatusCode.BadRequest, "count must be 1");
        await (await Client.PostAsJsonAsync(samples, new { layout = "mosaic" })).AssertProblemAsync(HttpStatusCode.BadRequest, "layout");
        await (await Client.PostAsJsonAsync(samples, new { columns = 0 })).AssertProblemAsync(HttpStatusCode.BadRequest, "columns");
        await (await Client.PostAsJsonAsync($"/v1/models/{Guid.NewGuid()}/samples", new { count = 1 })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Client.PostAsJsonAsync($"/v1/models/{vae.ModelId}/interpolate", new { steps = 1 })).AssertProblemAsync(HttpStatusCode.BadRequest, "steps");
        await (await Client.PostAsJsonAsync($"/v1/models/{vae.ModelId}/interpolate", new { path = "cubic" })).AssertProblemAsync(HttpStatusCode.BadRequest, "lerp");
        await (await Client.PostAsync($"/v1/models/{vae.ModelId}/reconstruct", new MultipartFormDataContent())).AssertProblemAsync(HttpStatusCode.BadRequest, "image");

        using var notAnImage = new MultipartFormDataContent { { new ByteArrayContent("hello"u8.ToArray()), "image", "hello.png" } };
        await (await Client.PostAsync($"/v1/models/{vae.ModelId}/reconstruct", notAnImage)).AssertProblemAsync(HttpStatusCode.BadRequest);
        using var malformed = new StringContent("{\"count\":", System.Text.Encoding.UTF8, "application/json");
        await (await Client.PostAsync(samples, malformed)).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AWalkAsGifIsAnAnimationOfItsFrames()
    {
        var response = await Client.PostAsJsonAsync($"/v1/models/{vae.ModelId}/interpolate", new { fromSeed = 5, toSeed = 9, steps = 6, format = "gif", frameMilliseconds = 80 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/gif", response.Content.Headers.ContentType?.MediaType);
        using var codec = SKCodec.Create(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(6, codec.FrameCount);
        Assert.Equal((28, 28), (codec.Info.Width, codec.Info.Height));
        Assert.All(codec.FrameInfo, frame => Assert.Equal(80, frame.Duration));
    }

    [Fact]
    public async Task StyleGanOperationsOnAVaeAreRefusedWithTheReason()
    {
        await (await Client.PostAsJsonAsync($"/v1/models/{vae.ModelId}/samples", new { truncation = 0.7 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "vae models can: sample, reconstruct, interpolate");
        await (await Client.PostAsJsonAsync($"/v1/models/{vae.ModelId}/interpolate", new { space = "w" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "which stylegan models have");
        await (await Client.PostAsJsonAsync($"/v1/models/{vae.ModelId}/style-mixing", new { rowSeeds = new[] { 1 }, columnSeeds = new[] { 2 } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "does not support style operations");
        await (await Client.PostAsJsonAsync($"/v1/models/{vae.ModelId}/noise-variation", new { seed = 1 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "does not support style operations");
    }

    [Fact]
    public async Task RejectsOutOfRangeStyleGanParametersWithTheAllowedRange()
    {
        var mixing = $"/v1/models/{vae.ModelId}/style-mixing";
        var noise = $"/v1/models/{vae.ModelId}/noise-variation";
        await (await Client.PostAsJsonAsync($"/v1/models/{vae.ModelId}/samples", new { truncation = 1.5 })).AssertProblemAsync(HttpStatusCode.BadRequest, "between -1 and 1");
        await (await Client.PostAsJsonAsync($"/v1/models/{vae.ModelId}/interpolate", new { space = "x" })).AssertProblemAsync(HttpStatusCode.BadRequest, "space");
        await (await Client.PostAsJsonAsync($"/v1/models/{vae.ModelId}/interpolate", new { truncation = 0.5 })).AssertProblemAsync(HttpStatusCode.BadRequest, "walks in w");
        await (await Client.PostAsJsonAsync($"/v1/models/{vae.ModelId}/interpolate", new { format = "gif", frameMilliseconds = 5 })).AssertProblemAsync(HttpStatusCode.BadRequest, "between 20 and 10000");
        await (await Client.PostAsJsonAsync($"/v1/models/{vae.ModelId}/interpolate", new { format = "tiff" })).AssertProblemAsync(HttpStatusCode.BadRequest, "gif");
        await (await Client.PostAsJsonAsync(mixing, new { columnSeeds = new[] { 2 } })).AssertProblemAsync(HttpStatusCode.BadRequest, "rowSeeds");
        await (await Client.PostAsJsonAsync(mixing, new { rowSeeds = Enumerable.Range(0, 9), columnSeeds = new[] { 2 } })).AssertProblemAsync(HttpStatusCode.BadRequest, "1 to 8 seeds");
        await (await Client.PostAsJsonAsync(mixing, new { rowSeeds = new[] { 1 }, columnSeeds = new[] { 2 }, styles = "tiny" })).AssertProblemAsync(HttpStatusCode.BadRequest, "coarse, middle or fine");
        await (await Client.PostAsJsonAsync(mixing, new { rowSeeds = new[] { 1 }, columnSeeds = new[] { 2 }, styles = "fine", firstStyle = 0 })).AssertProblemAsync(HttpStatusCode.BadRequest, "not both");
        await (await Client.PostAsJsonAsync(mixing, new { rowSeeds = new[] { 1 }, columnSeeds = new[] { 2 }, truncation = -3 })).AssertProblemAsync(HttpStatusCode.BadRequest, "between -1 and 1");
        await (await Client.PostAsJsonAsync(mixing, new { rowSeeds = new[] { 1 }, columnSeeds = new[] { 2 }, format = "gif" })).AssertProblemAsync(HttpStatusCode.BadRequest, "png, jpeg or webp");
        await (await Client.PostAsJsonAsync(noise, new { count = 1 })).AssertProblemAsync(HttpStatusCode.BadRequest, "between 2 and 64");
        await (await Client.PostAsJsonAsync(noise, new { columns = 0 })).AssertProblemAsync(HttpStatusCode.BadRequest, "columns");
        await (await Client.PostAsJsonAsync($"/v1/models/{Guid.NewGuid()}/style-mixing", new { rowSeeds = new[] { 1 }, columnSeeds = new[] { 2 } })).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListsAndDescribesTheModel()
    {
        var models = await Client.GetFromJsonAsync<JsonArray>("/v1/models");
        var model = Assert.Single(models!, m => m!["id"]!.GetValue<Guid>() == vae.ModelId)!;

        Assert.Equal("vae", model["architecture"]!.GetValue<string>());
        Assert.Equal(1, model["version"]!.GetValue<int>());
        Assert.Equal(vae.DatasetId, model["datasetId"]!.GetValue<Guid>());
        Assert.Equal(28, model["imageWidth"]!.GetValue<int>());
        Assert.Equal(20, model["hyperparameters"]!["steps"]!.GetValue<double>());
    }

    private async Task<byte[]> SampleAsync(object request)
    {
        var response = await Client.PostAsJsonAsync($"/v1/models/{vae.ModelId}/samples", request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static SKBitmap Decode(byte[] bytes) => SKBitmap.Decode(bytes) ?? throw new InvalidOperationException("Not an image.");
}
