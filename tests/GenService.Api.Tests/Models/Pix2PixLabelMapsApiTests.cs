using System.Net;
using System.Net.Http.Json;
using GenService.Api.Tests.Evaluation;
using GenService.Api.Tests.Infrastructure;
using SkiaSharp;

namespace GenService.Api.Tests.Models;

/// <summary>pix2pix on a labelmaps dataset, the SPADE paper's baseline: trained from the maps painted in the classes'
/// colours, translating a dataset item's painted map or an uploaded painted map, and evaluated as SPADE is.</summary>
public class Pix2PixLabelMapsApiTests
{
    private static readonly object TinyPix2Pix = new { steps = 2, base_channels = 4, batch_size = 2 };

    [Fact]
    public async Task Pix2PixTrainsOnLabelMapsAndTranslatesPaintedMaps()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var datasetId = await TrainedSpadeFixture.UploadLabelMapsAsync(client);

        var run = await client.StartRunAsync(datasetId, TinyPix2Pix, architecture: "pix2pix");
        var finished = await client.WaitForRunAsync(run["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed");
        Assert.True(finished["status"]!.GetValue<string>() == "Succeeded", finished.ToJsonString());
        Assert.False(finished["hyperparameters"]!.AsObject().ContainsKey("pairs")); // no derivation from images: not recorded
        var route = $"/v1/models/{finished["modelId"]!.GetValue<Guid>()}/translate";

        var item = await client.PostAsJsonAsync(route, new { datasetIndex = 1, seed = 1 });
        var upload = await client.PostAsync($"{route}?seed=1",
            TranslateApiTests.Body(TrainedSpadeFixture.Painted(TrainedSpadeFixture.Map(32, 32, horizon: 12)), "image/png"));

        Assert.Equal(HttpStatusCode.OK, item.StatusCode);
        Assert.Contains("label map", Assert.Single(item.Headers.GetValues("X-Input-Conversion")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Contains("RGB", Assert.Single(upload.Headers.GetValues("X-Input-Conversion")), StringComparison.Ordinal);
        using var decoded = SKBitmap.Decode(await upload.Content.ReadAsByteArrayAsync());
        Assert.Equal((32, 32), (decoded.Width, decoded.Height));

        // The baseline is measured as SPADE is: its renderings of the held-out painted maps segmented.
        var modelId = finished["modelId"]!.GetValue<Guid>();
        var queued = await (await client.PostAsJsonAsync($"/v1/models/{modelId}/evaluations", new { })).ReadJsonObjectAsync();
        var evaluation = await client.WaitForEvaluationAsync(modelId, TimeSpan.FromMinutes(3), queued["id"]!.GetValue<Guid>());
        Assert.True("Succeeded" == evaluation["status"]!.GetValue<string>(), evaluation.ToJsonString());
        Assert.Null(evaluation["translation"]);
        Assert.InRange(evaluation["labelMapFidelity"]!["meanIou"]!.GetValue<double>(), 0, 1);
        Assert.NotNull(evaluation["comparisonUrl"]);
    }
}
