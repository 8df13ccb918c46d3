using System.Net;
using GenService.Api.Infrastructure;
using GenService.Api.Tests.Infrastructure;
using GenService.ML.Datasets;

namespace GenService.Api.Tests.Datasets;

/// <summary>An upload in the published CycleGAN layout (trainA/, trainB/, testA/, testB/, as horse2zebra comes) becomes an
/// image dataset labelled A = 0 and B = 1 whose test images are the runs' held-out images.</summary>
public class CycleGanLayoutApiTests
{
    [Fact]
    public async Task TheLayoutImportsAsTwoLabelledDomainsWithTheTestFoldersHeldOutAndTrainsACycleGan()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var archive = TestArchives.Zip(
            ("horse2zebra/trainA/1.png", TestArchives.Solid(120, 80, 40)), ("horse2zebra/trainA/2.png", TestArchives.Solid(130, 90, 50)),
            ("horse2zebra/trainB/1.png", TestArchives.Solid(240, 240, 240)), ("horse2zebra/trainB/2.png", TestArchives.Solid(20, 20, 20)),
            ("horse2zebra/testA/3.png", TestArchives.Solid(110, 70, 30)), ("horse2zebra/testB/3.png", TestArchives.Solid(200, 200, 200)),
            ("horse2zebra/README.txt", [1, 2, 3]));

        var response = await client.PostAsync("/v1/datasets", TestArchives.Form(archive, "horse2zebra.zip", imageSize: 16));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var dataset = await response.ReadJsonObjectAsync();
        Assert.Equal(["A", "B"], dataset["classes"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(6, dataset["itemCount"]!.GetValue<int>());
        var id = dataset["id"]!.GetValue<Guid>();
        var manifest = DatasetFile.ReadManifest(Path.Combine(factory.DataDirectory, StorageLayout.Dataset(id)));
        Assert.Equal([0L, 1], manifest.HeldOut!);    // testA/3.png and testB/3.png sort first
        using (var split = manifest.TrainAndHeldOut(validationFraction: 0.5, seed: 1).Train)
            Assert.Equal([2L, 3, 4, 5], split.data<long>().ToArray());

        var run = await client.StartRunAsync(id,
            new { domain_a_label = 0, domain_b_label = 1, steps = 2, base_channels = 4, residual_blocks = 1, batch_size = 2 }, architecture: "cyclegan");
        var finished = await client.WaitForRunAsync(run["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed");
        Assert.True(finished["status"]!.GetValue<string>() == "Succeeded", finished.ToJsonString());
    }

    [Theory]
    [InlineData("trainB", "'trainB/'")]
    [InlineData("valB", "'valB/'")]
    public async Task AnIncompleteOrMixedLayoutIsRefusedWith400NamingTheFolderAndLeavesNothing(string secondFolder, string reason)
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var folders = secondFolder == "trainB" ? new[] { "trainA", "testB" } : ["trainA", "trainB", secondFolder];
        var archive = TestArchives.Zip([.. folders.Select(folder => ($"{folder}/a.png", TestArchives.Gray(100)))]);

        var response = await client.PostAsync("/v1/datasets", TestArchives.Form(archive, imageSize: 16));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, reason);
        await DatasetsApiTests.AssertNothingStoredAsync(factory);
    }
}
