using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using GenService.Api.Tests.Infrastructure;
using SkiaSharp;
using static GenService.Api.Tests.Models.TranslateApiTests;

namespace GenService.Api.Tests.Models;

/// <summary>POST /v1/models/{id}/super-resolve on a tiny ×2 SRResNet that reads one channel.</summary>
public class SuperResolveApiTests(TrainedSrResNetFixture srresnet) : IClassFixture<TrainedSrResNetFixture>
{
    private HttpClient Client => srresnet.Client;

    private string Route => $"/v1/models/{srresnet.ModelId}/super-resolve";

    [Fact]
    public async Task AColourImageComesBackInColourAtTheModelsScaleEitherWay()
    {
        var photo = ColourPhoto(20, 13);

        var fromForm = await Client.PostAsync(Route, Form(photo));
        var fromBody = await Client.PostAsync(Route, Body(photo, "image/png"));

        using var decoded = await DecodeOkAsync(fromForm);
        Assert.Equal((40, 26), (decoded.Width, decoded.Height));
        Assert.NotEqual(SKColorType.Gray8, decoded.ColorType);
        Assert.Contains(decoded.Pixels, pixel => pixel.Red != pixel.Green);
        Assert.Equal(await fromForm.Content.ReadAsByteArrayAsync(), await fromBody.Content.ReadAsByteArrayAsync());
        Assert.Equal("2", Assert.Single(fromForm.Headers.GetValues("X-Model-Scale")));
        Assert.Equal("2", Assert.Single(fromForm.Headers.GetValues("X-Output-Scale")));
    }

    [Fact]
    public async Task AGrayImageComesBackAsAOneChannelImage()
    {
        using var decoded = await DecodeOkAsync(await Client.PostAsync(Route, Body(GrayPhoto(12, 9), "image/png")));

        Assert.Equal((24, 18, SKColorType.Gray8), (decoded.Width, decoded.Height, decoded.ColorType));
    }

    [Fact]
    public async Task AnotherOutputScaleResizesTheModelsOutputAndSaysSo()
    {
        var response = await Client.PostAsync($"{Route}?outputScale=3", Body(ColourPhoto(10, 7), "image/png"));

        using var decoded = await DecodeOkAsync(response);
        Assert.Equal((30, 21), (decoded.Width, decoded.Height));
        Assert.Equal("3", Assert.Single(response.Headers.GetValues("X-Output-Scale")));
        Assert.Equal("2", Assert.Single(response.Headers.GetValues("X-Model-Scale")));
        using var half = await DecodeOkAsync(await Client.PostAsync($"{Route}?outputScale=0.5", Body(ColourPhoto(10, 7), "image/png")));
        Assert.Equal((5, 4), (half.Width, half.Height));
        await (await Client.PostAsync($"{Route}?outputScale=5", Body(ColourPhoto(10, 7), "image/png")))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "between 0.25 and 4");
    }

    [Fact]
    public async Task AlphaIsKeptInPngAndDroppedInJpegSayingSo()
    {
        var withAlpha = TransparentCorner(16, 16);

        var png = await Client.PostAsync(Route, Body(withAlpha, "image/png"));
        using var decoded = await DecodeOkAsync(png);
        Assert.Equal((32, 32), (decoded.Width, decoded.Height));
        Assert.Equal(0, decoded.GetPixel(0, 0).Alpha);
        Assert.Equal(255, decoded.GetPixel(31, 31).Alpha);
        Assert.False(png.Headers.Contains("X-Alpha"));

        var jpeg = await Client.PostAsync($"{Route}?format=jpeg", Body(withAlpha, "image/png"));
        Assert.Equal("image/jpeg", jpeg.Content.Headers.ContentType?.MediaType);
        Assert.Contains("JPEG has no alpha", Assert.Single(jpeg.Headers.GetValues("X-Alpha")), StringComparison.Ordinal);
        var jpg = await Client.PostAsync($"{Route}?format=jpg", Body(withAlpha, "image/png"));
        Assert.Equal("image/jpeg", jpg.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ASixteenBitPngIsAccepted()
    {
        using var decoded = await DecodeOkAsync(await Client.PostAsync(Route, Body(SixteenBitRgbPng(8, 6), "image/png")));

        Assert.Equal((16, 12), (decoded.Width, decoded.Height));
        Assert.Contains(decoded.Pixels, pixel => pixel.Red != pixel.Blue);
    }

    [Fact]
    public async Task AJpegIsUpscaledUprightAsItsExifOrientationSays()
    {
        var turned = WithOrientation(Encode(ColourPhoto(20, 12), SKEncodedImageFormat.Jpeg), orientation: 6);

        using var decoded = await DecodeOkAsync(await Client.PostAsync(Route, Body(turned, "image/jpeg")));

        Assert.Equal((24, 40), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task AnImageOverThePixelLimitIsAnswered413WithTheLimit()
    {
        var response = await Client.PostAsync(Route, Body(ColourPhoto(80, 60), "image/png"));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, $"at most {TrainedSrResNetFixture.MaxSuperResolvePixels} pixels");
    }

    [Fact]
    public async Task AModelThatDoesNotSuperResolveIsRefusedBeforeItsImageIsDecoded()
    {
        // Not an image at all: the capability is what is checked first.
        var response = await Client.PostAsync($"/v1/models/{srresnet.VaeId}/super-resolve", Body([1, 2, 3], "image/png"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "does not support super-resolution");
    }

    [Fact]
    public async Task BadInputsAreRefusedSayingWhy()
    {
        await (await Client.PostAsync(Route, Body([1, 2, 3, 4], "image/png"))).AssertProblemAsync(HttpStatusCode.BadRequest, "not a PNG, JPEG or WebP");
        await (await Client.PostAsync(Route, Form(ColourPhoto(8, 8), field: "file"))).AssertProblemAsync(HttpStatusCode.BadRequest, "multipart form field");
        await (await Client.PostAsync($"{Route}?format=bmp", Body(ColourPhoto(8, 8), "image/png"))).AssertProblemAsync(HttpStatusCode.BadRequest, "png, jpeg or webp");
        await (await Client.PostAsync($"{Route}?checkpoint=soon", Body(ColourPhoto(8, 8), "image/png"))).AssertProblemAsync(HttpStatusCode.BadRequest, "checkpoint");
        await (await Client.PostAsync($"/v1/models/{Guid.NewGuid()}/super-resolve", Body(ColourPhoto(8, 8), "image/png"))).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private static async Task<SKBitmap> DecodeOkAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
    }

    private static byte[] Encode(byte[] png, SKEncodedImageFormat format)
    {
        using var bitmap = SKBitmap.Decode(png);
        using var data = bitmap.Encode(format, 95);
        return data.ToArray();
    }

    /// <summary>The JPEG with an EXIF segment holding only the orientation tag (6: turn a quarter clockwise to view).</summary>
    private static byte[] WithOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] exif =
        [
            0xFF, 0xE1, 0, 34, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0,
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8,
            0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, (byte)(orientation >> 8), (byte)orientation, 0, 0,
            0, 0, 0, 0,
        ];
        return [.. jpeg[..2], .. exif, .. jpeg[2..]];
    }

    private static byte[] GrayPhoto(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var level = (byte)((x * 20) + (y * 7));
                bitmap.SetPixel(x, y, new SKColor(level, level, level));
            }
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>A colour image whose top-left quarter is fully transparent.</summary>
    private static byte[] TransparentCorner(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
                bitmap.SetPixel(x, y, new SKColor((byte)(x * 15), (byte)(y * 15), 90, x < width / 2 && y < height / 2 ? (byte)0 : (byte)255));
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>An RGB PNG of 16 bits per channel, written by hand: Skia's encoder writes 8 bits.</summary>
    private static byte[] SixteenBitRgbPng(int width, int height)
    {
        var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            for (var x = 0; x < width; x++)
            {
                foreach (var value in new[] { x * 8000, y * 9000, 65535 - (x * 5000) })
                {
                    raw.WriteByte((byte)(value >> 8));
                    raw.WriteByte((byte)value);
                }
            }
        }
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            zlib.Write(raw.ToArray());

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 16;
        header[9] = 2;
        var png = new MemoryStream();
        png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        PngChunk.Write(png, "IHDR", header);
        PngChunk.Write(png, "IDAT", compressed.ToArray());
        PngChunk.Write(png, "IEND", []);
        return png.ToArray();
    }
}
