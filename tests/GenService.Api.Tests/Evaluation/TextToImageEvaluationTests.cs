using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using GenService.Api.Evaluation;
using GenService.Api.Tests.Datasets;
using GenService.Api.Tests.Infrastructure;
using GenService.Api.Tests.Models;
using GenService.ML.Evaluation;

namespace GenService.Api.Tests.Evaluation;

/// <summary>The textgan evaluation through the API, on the tiny textgan of <see cref="TrainedTextGanFixture"/> with the
/// test host's tiny feature network.</summary>
public class TextToImageEvaluationTests(TrainedTextGanFixture textGan) : IClassFixture<TrainedTextGanFixture>
{
    [Fact]
    public async Task ATextGanIsScoredByTheClassOfItsDrawingsOfHeldOutCaptionsNextToTheRealImagesAndShuffledCaptionsAndStoredPerCheckpoint()
    {
        var client = textGan.Client;

        var evaluation = await EvaluateAsync(client, new { });

        Assert.Null(evaluation["results"]);
        Assert.Null(evaluation["labelMapFidelity"]);
        var textToImage = evaluation["textToImage"]!.AsObject();
        // The fixture's dataset holds 4 captioned images out.
        var captions = textToImage["captionCount"]!.GetValue<int>();
        Assert.Equal(4, captions);
        // The built-in captions give every image one in a phrasing no training caption uses: unseenPhrasingClassRate.
        foreach (var figure in new[] { "classRate", "realClassRate", "shuffledClassRate", "stageOneClassRate", "unseenPhrasingClassRate" })
            Assert.InRange(textToImage[figure]!.GetValue<double>(), 0, 1);
        Assert.True(textToImage["frechetDistance"]!.GetValue<double>() >= 0);
        // The built-in captions name attributes measured from the pixels; each named one is scored with its ceiling and floor.
        foreach (var figure in new[] { "attributeRate", "realAttributeRate", "shuffledAttributeRate" })
            Assert.InRange(textToImage[figure]!.GetValue<double>(), 0, 1);
        var attributes = textToImage["attributes"]!.AsArray();
        Assert.NotEmpty(attributes);
        foreach (var attribute in attributes)
        {
            Assert.Contains(attribute!["attribute"]!.GetValue<string>(), new[] { "light", "dark", "plain", "patterned", "wide", "narrow" });
            Assert.InRange(attribute["captionCount"]!.GetValue<int>(), 1, captions);
            foreach (var figure in new[] { "rate", "realRate", "shuffledRate" })
                Assert.InRange(attribute[figure]!.GetValue<double>(), 0, 1);
        }
        // Retrieval in the model's joint embedding among the caption and the next held-out captions of other texts.
        Assert.InRange(textToImage["retrievalTop1"]!.GetValue<double>(), 0, 1);
        Assert.InRange(textToImage["realRetrievalTop1"]!.GetValue<double>(), 0, 1);
        Assert.InRange(textToImage["retrievalCandidates"]!.GetValue<double>(), 1, captions);
        var featureNetwork = evaluation["featureNetwork"]!.AsObject();
        Assert.Equal("classes", featureNetwork["task"]!.GetValue<string>());
        var listed = (await client.GetFromJsonAsync<JsonArray>($"/v1/models/{textGan.ModelId}/evaluations"))!;
        Assert.Contains(listed, e => e!["id"]!.GetValue<Guid>() == evaluation["id"]!.GetValue<Guid>() && e["step"]!.GetValue<long>() == evaluation["step"]!.GetValue<long>());

        var png = await client.GetByteArrayAsync(evaluation["comparisonUrl"]!.GetValue<string>());
        // Rows of real image | drawn from its caption | drawn from the next image's caption, at stage II's 64 pixels.
        Assert.Equal(ComparisonSheet.Size(Math.Min(ComparisonSheet.Rows, captions), 3, 64), PngImage.Size(png));
    }

    [Fact]
    public async Task TheSameCheckpointScoresTheSameOnTheSameFeatureNetwork()
    {
        var client = textGan.Client;
        var first = await EvaluateAsync(client, new { });
        var second = await EvaluateAsync(client, new { step = first["step"]!.GetValue<long>() });

        Assert.Equal(first["featureNetwork"]!["id"]!.GetValue<Guid>(), second["featureNetwork"]!["id"]!.GetValue<Guid>());
        Assert.Equal(first["textToImage"]!.ToJsonString(), second["textToImage"]!.ToJsonString());
    }

    [Fact]
    public async Task AModelOfAnUploadedDatasetWithoutClassesIsRefusedWhenTheEvaluationIsRequested()
    {
        var client = textGan.Client;
        var zip = TestArchives.Zip(
            ("set/metadata.jsonl", Encoding.UTF8.GetBytes("""
                {"file_name": "train/a.png", "text": "a dark shoe"}
                {"file_name": "train/c.png", "text": "a light shoe"}
                {"file_name": "held-out/b.png", "text": "a grey shoe"}
                """)),
            ("set/train/a.png", TestArchives.Gray(40)),
            ("set/train/c.png", TestArchives.Gray(220)),
            ("set/held-out/b.png", TestArchives.Gray(120)));
        var upload = await client.PostAsync("/v1/datasets", TestArchives.Form(zip, "shoes.zip", imageSize: 8, kind: "captions"));
        Assert.True(upload.StatusCode == HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());
        var run = await client.StartRunAsync((await upload.ReadJsonObjectAsync())["id"]!.GetValue<Guid>(), TrainedTextGanFixture.TinyTextGan, architecture: "textgan");
        var finished = await client.WaitForRunAsync(run["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed");
        Assert.True("Succeeded" == finished["status"]!.GetValue<string>(), finished.ToJsonString());
        var modelId = finished["modelId"]!.GetValue<Guid>();

        var response = await client.PostAsJsonAsync($"/v1/models/{modelId}/evaluations", new { });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "no classes");
        Assert.DoesNotContain((await client.GetFromJsonAsync<JsonArray>($"/v1/models/{modelId}/evaluations"))!, e => e!["trigger"]!.GetValue<string>() == "Request");
    }

    [Fact]
    public void StoredFiguresWithoutTheUnseenPhrasingRateReadAsNull()
    {
        // What captions without unseen phrasings (uploads) and evaluations stored before it was measured leave.
        var stored = new[]
        {
            TextToImageEvaluator.CaptionsName, TextToImageEvaluator.ClassRateName,
            TextToImageEvaluator.RealPrefix + TextToImageEvaluator.ClassRateName, TextToImageEvaluator.ShuffledPrefix + TextToImageEvaluator.ClassRateName,
        }.ToDictionary(name => EvaluationFigures.Name(EvaluationFigures.TextToImageSet, name), _ => 0.5);

        var results = EvaluationFigures.ToTextToImage(stored)!;

        Assert.Equal(0.5, results.ClassRate);
        Assert.Null(results.UnseenPhrasingClassRate);
    }

    private async Task<JsonObject> EvaluateAsync(HttpClient client, object request)
    {
        var response = await client.PostAsJsonAsync($"/v1/models/{textGan.ModelId}/evaluations", request);
        Assert.True(HttpStatusCode.Accepted == response.StatusCode, await response.Content.ReadAsStringAsync());
        var queued = await response.ReadJsonObjectAsync();
        var evaluation = await client.WaitForEvaluationAsync(textGan.ModelId, TimeSpan.FromMinutes(3), queued["id"]!.GetValue<Guid>());
        Assert.True("Succeeded" == evaluation["status"]!.GetValue<string>(), evaluation.ToJsonString());
        return evaluation;
    }
}
