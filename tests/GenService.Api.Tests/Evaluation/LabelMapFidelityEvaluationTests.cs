using System.Net;
using System.Net.Http.Json;
using GenService.Api.Entities;
using GenService.Api.Evaluation;
using GenService.Api.Infrastructure;
using GenService.Api.Jobs;
using GenService.Api.Tests.Infrastructure;
using GenService.Api.Tests.Models;
using GenService.ML.Evaluation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GenService.Api.Tests.Evaluation;

/// <summary>SPADE's label-map fidelity evaluation through the API, on the tiny SPADE of <see cref="TrainedSpadeFixture"/>
/// with the test host's tiny segmentation and feature networks.</summary>
public class LabelMapFidelityEvaluationTests(TrainedSpadeFixture spade) : IClassFixture<TrainedSpadeFixture>
{
    [Fact]
    public async Task ASpadeModelIsScoredBySegmentingItsRenderingsAndOnTheFeatureNetworkNextToTheRealImagesAndStoredPerCheckpoint()
    {
        var client = spade.Client;

        var evaluation = await EvaluateAsync(client);

        Assert.Null(evaluation["translation"]);
        var fidelity = evaluation["labelMapFidelity"]!.AsObject();
        var maps = fidelity["mapCount"]!.GetValue<int>();
        Assert.InRange(maps, 2, TrainedSpadeFixture.Items - 1);
        foreach (var figure in new[] { "meanIou", "pixelAccuracy", "realMeanIou", "realPixelAccuracy" })
            Assert.InRange(fidelity[figure]!.GetValue<double>(), 0, 1);
        // The renderings' distance to the real held-out images, next to real training images' (the floor), on the dataset's stored feature network.
        var featureNetwork = evaluation["featureNetwork"]!.AsObject();
        var datasetNetworks = (await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>($"/v1/datasets/{spade.LabelMapsDatasetId}/feature-networks"))!;
        Assert.Contains(datasetNetworks, n => n!["id"]!.GetValue<Guid>() == featureNetwork["id"]!.GetValue<Guid>() && n["status"]!.GetValue<string>() == "Ready");
        // The segmentation network is the dataset's, not one of its feature networks.
        var segmentationNetwork = evaluation["segmentationNetwork"]!.AsObject();
        Assert.Equal("segmentation", segmentationNetwork["task"]!.GetValue<string>());
        Assert.InRange(segmentationNetwork["heldOutAccuracy"]!.GetValue<double>(), 0, 1);
        Assert.DoesNotContain(datasetNetworks, n => n!["task"]!.GetValue<string>() == "segmentation");
        Assert.True(fidelity["frechetDistance"]!.GetValue<double>() >= 0);
        Assert.True(fidelity["realFrechetDistance"]!.GetValue<double>() >= 0);
        var listed = (await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>($"/v1/models/{spade.ModelId}/evaluations"))!;
        Assert.Contains(listed, e => e!["id"]!.GetValue<Guid>() == evaluation["id"]!.GetValue<Guid>() && e["step"]!.GetValue<long>() == evaluation["step"]!.GetValue<long>());

        var png = await client.GetByteArrayAsync(evaluation["comparisonUrl"]!.GetValue<string>());
        // Rows of map | rendering | real image, at the model's 32 pixels.
        Assert.Equal(ComparisonSheet.Size(Math.Min(ComparisonSheet.Rows, maps), 3, TrainedSpadeFixture.Size), PngImage.Size(png));
    }

    [Fact]
    public async Task EvaluationsOfADatasetShareOneSegmentationNetworkTrainedOnce()
    {
        var client = spade.Client;
        var first = await EvaluateAsync(client);
        var second = await EvaluateAsync(client);

        var network = first["segmentationNetwork"]!.AsObject();
        Assert.Equal(network["id"]!.GetValue<Guid>(), second["segmentationNetwork"]!["id"]!.GetValue<Guid>());
        Assert.Equal(1, network["version"]!.GetValue<int>());
        Assert.Equal(first["labelMapFidelity"]!["realMeanIou"]!.GetValue<double>(), second["labelMapFidelity"]!["realMeanIou"]!.GetValue<double>());
    }

    [Fact]
    public async Task ASegmentationNetworkACrashLeftTrainingIsTrainedAgainWhenRecovered()
    {
        var datasetId = await TrainedSpadeFixture.UploadLabelMapsAsync(spade.Client);
        var id = Guid.NewGuid();
        await using (var scope = spade.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
            db.FeatureNetworks.Add(new DatasetFeatureNetwork
            {
                Id = id,
                AccountId = Account.OperatorId,
                DatasetId = datasetId,
                Purpose = DatasetNetworkPurpose.Segmentation,
                Version = 1,
                Status = FeatureNetworkStatus.Training,
                Task = FeatureNetworkStore.SegmentationTask,
                Steps = 5,
                Seed = FeatureNetworkStore.SegmentationSeed,
                CreatedAt = DateTime.UtcNow,
                StartedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
            // What the next start does (JobRecovery) for this kind of work.
            var recovery = scope.ServiceProvider.GetServices<IRecoverableJobs>().OfType<FeatureNetworkRecovery>().Single();
            Assert.Contains(await recovery.FindUnfinishedAsync(CancellationToken.None), work => work.Id == id);
            await recovery.RequeueAsync(id, CancellationToken.None);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            await using var scope = spade.Factory.Services.CreateAsyncScope();
            var network = await scope.ServiceProvider.GetRequiredService<GenServiceDbContext>().FeatureNetworks.AsNoTracking().SingleAsync(f => f.Id == id);
            Assert.True(network.Status != FeatureNetworkStatus.Failed, network.Error);
            if (network.Status == FeatureNetworkStatus.Ready)
            {
                Assert.InRange(network.HeldOutAccuracy!.Value, 0, 1);
                Assert.True(File.Exists(Path.Combine(scope.ServiceProvider.GetRequiredService<FeatureNetworkStore>().FolderOf(network), FeatureNetworkStore.NetworkFileName)));
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Still {network.Status}");
            await Task.Delay(100);
        }
    }

    private async Task<System.Text.Json.Nodes.JsonObject> EvaluateAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync($"/v1/models/{spade.ModelId}/evaluations", new { });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var queued = await response.ReadJsonObjectAsync();
        var evaluation = await client.WaitForEvaluationAsync(spade.ModelId, TimeSpan.FromMinutes(3), queued["id"]!.GetValue<Guid>());
        Assert.True("Succeeded" == evaluation["status"]!.GetValue<string>(), evaluation.ToJsonString());
        return evaluation;
    }
}
