using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using GenService.Api.Tests.Infrastructure;
using SkiaSharp;

namespace GenService.Api.Tests.Models;

/// <summary>POST /v1/models/{id}/translate on a tiny pix2pix: an upload either way, or an item of its dataset.</summary>
public class TranslateApiTests(TrainedPix2PixFixture pix2pix) : IClassFixture<TrainedPix2PixFixture>
{
    private HttpClient Client => pix2pix.Client;

    private string Route => $"/v1/models/{pix2pix.ModelId}/translate";

    [Fact]
    public async Task AnUploadInAFormAndAsTheBodyGiveTheSameImage()
    {
        var photo = ColourPhoto(48, 40);

        var fromForm = await Client.PostAsync($"{Route}?seed=3", Form(photo));
        var fromBody = await Client.PostAsync($"{Route}?seed=3", Body(photo, "image/png"));

        Assert.Equal(HttpStatusCode.OK, fromForm.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fromBody.StatusCode);
        Assert.Equal("image/png", fromForm.Content.Headers.ContentType?.MediaType);
        var image = await fromForm.Content.ReadAsByteArrayAsync();
        Assert.Equal(image, await fromBody.Content.ReadAsByteArrayAsync());
        using var decoded = SKBitmap.Decode(image);
        Assert.Equal((32, 32, SKColorType.Gray8), (decoded.Width, decoded.Height, decoded.ColorType));
        var conversion = Assert.Single(fromForm.Headers.GetValues("X-Input-Conversion"));
        Assert.Contains("png 48x40; centre crop 40x40; resized to 32x32", conversion, StringComparison.Ordinal);
        Assert.Contains("BT.601", conversion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSameSeedGivesTheSameBytesAndAnotherSeedAnotherImage()
    {
        var first = await TranslateItemAsync(new { datasetIndex = 5, seed = 1 });
        var again = await TranslateItemAsync(new { datasetIndex = 5, seed = 1 });
        var other = await TranslateItemAsync(new { datasetIndex = 5, seed = 2 });

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task ADatasetItemSaysWhichItemItTranslatedAndInTheRequestedFormat()
    {
        var response = await Client.PostAsJsonAsync(Route, new { datasetIndex = 0, format = "webp" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/webp", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("item 0", Assert.Single(response.Headers.GetValues("X-Input-Conversion")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUploadTakesAFormatAliasInTheQuery()
    {
        var response = await Client.PostAsync($"{Route}?format=image/jpeg", Body(ColourPhoto(8, 8), "image/png"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AModelThatDoesNotTranslateIsRefusedBeforeItsImageIsDecoded()
    {
        // Not an image at all: the capability is what is checked first.
        var response = await Client.PostAsync($"/v1/models/{pix2pix.VaeId}/translate", Body([1, 2, 3], "image/png"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "does not support image translation");
        await (await Client.PostAsJsonAsync($"/v1/models/{pix2pix.VaeId}/translate", new { datasetIndex = 0 }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "pix2pix models have");
    }

    [Fact]
    public async Task BadInputsAreRefusedSayingWhy()
    {
        await (await Client.PostAsync(Route, Body([1, 2, 3, 4], "image/png"))).AssertProblemAsync(HttpStatusCode.BadRequest, "not a PNG, JPEG or WebP");
        await (await Client.PostAsync(Route, Form(ColourPhoto(8, 8), field: "file"))).AssertProblemAsync(HttpStatusCode.BadRequest, "multipart form field");
        await (await Client.PostAsync(Route, new StringContent("hello", System.Text.Encoding.UTF8, "text/plain"))).AssertProblemAsync(HttpStatusCode.BadRequest, "multipart/form-data");
        await (await Client.PostAsync($"{Route}?format=bmp", Body(ColourPhoto(8, 8), "image/png"))).AssertProblemAsync(HttpStatusCode.BadRequest, "png, jpeg or webp");
        await (await Client.PostAsJsonAsync(Route, new { datasetIndex = TrainedPix2PixFixture.DatasetItems })).AssertProblemAsync(HttpStatusCode.BadRequest, "datasetIndex");
        await (await Client.PostAsJsonAsync(Route, new { datasetIndex = -1 })).AssertProblemAsync(HttpStatusCode.BadRequest, "datasetIndex");
        await (await Client.PostAsJsonAsync($"{Route}?seed=1", new { datasetIndex = 0 })).AssertProblemAsync(HttpStatusCode.BadRequest, "in the body");
        await (await Client.PostAsJsonAsync(Route, new { datasetIndex = 0, checkpoint = "soon" })).AssertProblemAsync(HttpStatusCode.BadRequest, "checkpoint");
        await (await Client.PostAsJsonAsync($"/v1/models/{Guid.NewGuid()}/translate", new { datasetIndex = 0 })).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnUploadOverTheLimitIsAnswered413()
    {
        var large = new byte[TrainedPix2PixFixture.MaxImageUploadBytes + 1];

        await (await Client.PostAsync(Route, Body(large, "image/png"))).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "Inference:MaxImageUploadBytes");
        await (await Client.PostAsync(Route, Form(large))).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "limited to 65536 bytes");
    }

    private async Task<byte[]> TranslateItemAsync(object request)
    {
        var response = await Client.PostAsJsonAsync(Route, request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>A colour image of varied pixels, as a PNG.</summary>
    public static byte[] ColourPhoto(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
                bitmap.SetPixel(x, y, new SKColor((byte)(x * 5), (byte)(y * 6), (byte)((x * y) % 256)));
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static MultipartFormDataContent Form(byte[] image, string field = "image")
    {
        var file = new ByteArrayContent(image);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return new MultipartFormDataContent { { file, field, "photo.png" } };
    }

    public static ByteArrayContent Body(byte[] image, string mediaType)
    {
        var body = new ByteArrayContent(image);
        body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return body;
    }
}
