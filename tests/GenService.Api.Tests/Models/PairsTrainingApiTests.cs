using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Tests.Datasets;
using GenService.Api.Tests.Infrastructure;
using SkiaSharp;

namespace GenService.Api.Tests.Models;

/// <summary>pix2pix on an uploaded pairs dataset: trained on the stored A→B pairs, translating a stored A image by its index.</summary>
public class PairsTrainingApiTests
{
    private const int Pairs = 6;

    /// <summary>As TinyPix2Pix in the ML tests: a few steps of the narrowest U-Net; no pair derivation, the dataset holds its pairs.</summary>
    private static readonly object TinyPix2Pix = new { steps = 3, base_channels = 4, batch_size = 2 };

    [Fact]
    public async Task Pix2PixTrainsOnUploadedPairsAndTranslatesAStoredAImageByItsIndex()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var datasetId = await UploadPairsAsync(client, Pairs);

        var run = await client.StartRunAsync(datasetId, TinyPix2Pix, architecture: "pix2pix");
        var finished = await client.WaitForRunAsync(run["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed");
        Assert.True(finished["status"]!.GetValue<string>() == "Succeeded", finished.ToJsonString());
        Assert.False(finished["hyperparameters"]!.AsObject().ContainsKey("pairs")); // no derivation: not recorded
        Assert.True(finished["latestValidation"]!.AsObject().ContainsKey("psnr"));
        var modelId = finished["modelId"]!.GetValue<Guid>();
        var route = $"/v1/models/{modelId}/translate";

        var first = await client.PostAsJsonAsync(route, new { datasetIndex = 4, seed = 1 });
        var again = await client.PostAsJsonAsync(route, new { datasetIndex = 4, seed = 1 });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var image = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal(image, await again.Content.ReadAsByteArrayAsync());
        using (var decoded = SKBitmap.Decode(image))
            Assert.Equal((32, 32), (decoded.Width, decoded.Height)); // B's size; B is colour, A gray
        Assert.Contains("stored A image", Assert.Single(first.Headers.GetValues("X-Input-Conversion")), StringComparison.Ordinal);
        // An upload is read as the stored A side is: one channel.
        var upload = await client.PostAsync($"{route}?seed=1", TranslateApiTests.Body(TranslateApiTests.ColourPhoto(40, 40), "image/png"));
        Assert.Contains("gray by BT.601 luma", Assert.Single(upload.Headers.GetValues("X-Input-Conversion")), StringComparison.Ordinal);

        var generation = await client.PostAsJsonAsync($"/v1/models/{modelId}/generations", new { operation = "translate", firstDatasetIndex = 4, count = 1, seed = 1 });
        Assert.True(generation.StatusCode == HttpStatusCode.Accepted, await generation.Content.ReadAsStringAsync());
        var location = generation.Headers.Location!.ToString();
        await WaitForSuccessAsync(client, location);
        Assert.Equal(image, await client.GetByteArrayAsync($"{location}/images/0"));
    }

    [Fact]
    public async Task RunsThatCannotTrainOnThePairsAreRefusedWhenRequested()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var pairs = await UploadPairsAsync(client, Pairs);
        var onePair = await UploadPairsAsync(client, 1);

        await (await client.PostAsJsonAsync("/v1/training-runs", new { architecture = "pix2pix", datasetId = pairs, hyperparameters = new { pairs = "grayscale" } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "hyperparameters.pairs");
        await (await client.PostAsJsonAsync("/v1/training-runs", new { architecture = "pix2pix", datasetId = onePair }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "needs 2 at least");
        await (await client.PostAsJsonAsync("/v1/training-runs", new { architecture = "srresnet", datasetId = pairs }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "does not train on pairs datasets");
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/v1/training-runs"))!);
    }

    /// <summary>A/i.png gray and B/i.png colour, 32x32 each, every pair different.</summary>
    internal static async Task<Guid> UploadPairsAsync(HttpClient client, int count)
    {
        var entries = Enumerable.Range(0, count)
            .SelectMany(i => new[] { ($"A/{i}.png", Picture(32, i, gray: true)), ($"B/{i}.png", Picture(32, i, gray: false)) })
            .ToArray();
        var response = await client.PostAsync("/v1/datasets", TestArchives.Form(TestArchives.Zip(entries), "pairs.zip", imageSize: 32, kind: "pairs"));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonObjectAsync())["id"]!.GetValue<Guid>();
    }

    private static byte[] Picture(int size, int shift, bool gray)
    {
        using var bitmap = new SKBitmap(size, size);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var value = (byte)((x + y) * 4 + shift * 20);
                bitmap.SetPixel(x, y, gray ? new SKColor(value, value, value) : new SKColor(value, (byte)(y * 7), (byte)(x * 5 + shift)));
            }
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static async Task WaitForSuccessAsync(HttpClient client, string url)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var generation = (await client.GetFromJsonAsync<JsonObject>(url))!;
            var status = generation["status"]!.GetValue<string>();
            if (status == "Succeeded")
                return;
            Assert.True(status != "Failed" && DateTime.UtcNow < deadline, generation.ToJsonString());
            await Task.Delay(50);
        }
    }
}
