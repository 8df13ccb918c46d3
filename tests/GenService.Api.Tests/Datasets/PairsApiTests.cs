using System.Net;
using System.Net.Http.Json;
using GenService.Api.Datasets;
using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.Api.Tests.Infrastructure;
using GenService.Api.Training;
using GenService.ML.Datasets;
using GenService.ML.Families;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using static TorchSharp.torch;

namespace GenService.Api.Tests.Datasets;

public class PairsApiTests
{
    private static readonly SKColor Red = new(250, 0, 0);
    private static readonly SKColor Blue = new(0, 0, 250);
    private static readonly SKColor Green = new(0, 250, 0);

    public static TheoryData<string> MalformedCases => [.. Malformed.Keys];

    /// <summary>Each malformed pairs archive, and a phrase its problem detail must contain (the file at fault).</summary>
    private static readonly Dictionary<string, (Func<byte[]> Archive, string Detail)> Malformed = new()
    {
        ["missing partner in B"] = (() => TestArchives.Zip(("A/1.png", Gray()), ("A/2.png", Gray()), ("B/1.png", Gray())), "'A/2.png' has no partner 'B/2.png'"),
        ["missing partner in A"] = (() => TestArchives.Zip(("A/1.png", Gray()), ("B/1.png", Gray()), ("B/3.png", Gray())), "'B/3.png' has no partner 'A/3.png'"),
        ["size mismatch"] = (() => TestArchives.Zip(("A/1.png", Gray()), ("B/1.png", TestArchives.Solid(5, 5, 5, width: 13))), "'A/1.png' is 12×10 but its partner 'B/1.png' is 13×10"),
        ["empty side"] = (() => TestArchives.Zip(("A/1.png", Gray()), ("B/", [])), "'B/' side is empty"),
        ["empty side below a wrapper"] = (() => TestArchives.Zip(("set/B/train/1.png", Gray()), ("set/B/train/2.png", Gray())), "'A/' side is empty"),
        ["a third folder"] = (() => TestArchives.Zip(("A/1.png", Gray()), ("B/1.png", Gray()), ("C/1.png", Gray())), "'C/'"),
        ["odd width"] = (() => TestArchives.Zip(("ab/1.png", TestArchives.SideBySide(Red, Blue)), ("ab/2.png", TestArchives.SideBySide(Red, Blue, width: 25))), "'ab/2.png' is 25 pixels wide"),
        ["not an archive"] = (() => "text"u8.ToArray(), "not a readable zip"),
    };

    [Theory, DatabaseProviders]
    public async Task FoldersOfSameNamedImagesBecomePairs(DatabaseProvider provider)
    {
        using var factory = new GenServiceFactory(provider);
        using var client = factory.CreateClient();
        var zip = TestArchives.Zip(
            ("facades/A/train/1.png", TestArchives.Gray(30)),
            ("facades/A/train/2.png", TestArchives.Gray(60)),
            ("facades/B/train/1.png", TestArchives.Solid(250, 0, 0)),
            ("facades/B/train/2.png", TestArchives.Solid(0, 250, 0)));

        var response = await client.PostAsync("/v1/datasets", TestArchives.Form(zip, "facades.zip", imageSize: 8, kind: "pairs"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dataset = await response.ReadJsonObjectAsync();
        Assert.Equal("pairs", dataset["kind"]!.GetValue<string>());
        Assert.Equal(2, dataset["itemCount"]!.GetValue<int>());
        Assert.Equal((1, 3), (dataset["channels"]!.GetValue<int>(), dataset["channelsB"]!.GetValue<int>())); // gray A, colour B
        Assert.Equal((8, 8), (dataset["imageHeight"]!.GetValue<int>(), dataset["imageWidth"]!.GetValue<int>()));
        var id = dataset["id"]!.GetValue<Guid>();
        using (var pairs = PairFile.Read(Path.Combine(factory.DataDirectory, "datasets", id.ToString("N"))))
        {
            Assert.Equal([30, 60], new[] { pairs.A[0, 0, 0, 0].item<byte>(), pairs.A[1, 0, 0, 0].item<byte>() });
            Assert.Equal(250, pairs.B[0, 0, 4, 4].item<byte>()); // 1.png's partner is red
            Assert.Equal(250, pairs.B[1, 1, 4, 4].item<byte>()); // 2.png's partner is green
        }

        var preview = await client.GetAsync($"/v1/datasets/{id}/preview?columns=1");
        using var grid = SKBitmap.Decode(await preview.Content.ReadAsByteArrayAsync());
        Assert.Equal((2 * 8 + 4, 2 * 10 + 2), (grid.Width, grid.Height)); // A|B side by side, one pair a row
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/datasets/{id}")).StatusCode);
    }

    [Fact]
    public async Task SideBySideImagesSplitIntoAAndBAndBtoASwapsThem()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var zip = TestArchives.Zip(
            ("edges2shoes/train/1_AB.jpg", TestArchives.SideBySide(Red, Blue)),
            ("edges2shoes/val/2_AB.png", TestArchives.SideBySide(Red, Blue)));

        var forward = await (await client.PostAsync("/v1/datasets", TestArchives.Form(zip, imageSize: 8, kind: "pairs"))).ReadJsonObjectAsync();
        var backward = await (await client.PostAsync("/v1/datasets", TestArchives.Form(zip, imageSize: 8, kind: "pairs", direction: "BtoA"))).ReadJsonObjectAsync();

        using var scope = NewDisposeScope();
        using var aToB = PairFile.Read(Path.Combine(factory.DataDirectory, "datasets", forward["id"]!.GetValue<Guid>().ToString("N")));
        using var bToA = PairFile.Read(Path.Combine(factory.DataDirectory, "datasets", backward["id"]!.GetValue<Guid>().ToString("N")));
        Assert.Equal([2L, 3, 8, 8], aToB.A.shape);
        Assert.True(aToB.A[.., 0].to_type(ScalarType.Float32).mean().item<float>() > 200); // A, the left half, is red
        Assert.True(aToB.B[.., 2].to_type(ScalarType.Float32).mean().item<float>() > 200); // B, the right half, is blue
        Assert.True(bToA.A.equal(aToB.B).all().item<bool>());
        Assert.True(bToA.B.equal(aToB.A).all().item<bool>());
    }

    [Fact]
    public async Task TheArchivesTrainAndTestFoldersAreKeptAndItsTestPairsAreHeldOut()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        // As facades ships: train/ pairs are red on the left, test/ pairs blue, the val/ pair green.
        var zip = TestArchives.Zip(
            ("facades/train/1.png", TestArchives.SideBySide(Red, Blue)),
            ("facades/train/2.png", TestArchives.SideBySide(Red, Blue)),
            ("facades/train/3.png", TestArchives.SideBySide(Red, Blue)),
            ("facades/val/4.png", TestArchives.SideBySide(Green, Blue)),
            ("facades/test/5.png", TestArchives.SideBySide(Blue, Red)),
            ("facades/test/6.png", TestArchives.SideBySide(Blue, Red)));

        var uploaded = await (await client.PostAsync("/v1/datasets", TestArchives.Form(zip, imageSize: 8, kind: "pairs"))).ReadJsonObjectAsync();

        var id = uploaded["id"]!.GetValue<Guid>();
        var manifest = PairFile.ReadManifest(Path.Combine(factory.DataDirectory, "datasets", id.ToString("N")));
        Assert.Equal([new PairSplit("test", 0, 2), new PairSplit("train", 2, 3), new PairSplit("val", 5, 1)], manifest.Splits);
        Dataset dataset;
        using (var scope = factory.Services.CreateScope())
            dataset = (await scope.ServiceProvider.GetRequiredService<GenServiceDbContext>().Datasets.FindAsync(id))!;
        using var data = TrainingData.Load(factory.Services.GetRequiredService<DatasetLoader>(), dataset, validationFraction: 0.5, seed: 1);
        var setup = data.Setup(Hyperparameters.FromStored([], new Dictionary<string, double>()), CPU, 1);
        Assert.Equal((3L, 2L), (setup.TrainPairs!.Count, setup.ValidationPairs!.Count));
        Assert.True(setup.TrainPairs.Inputs[.., 0].to_type(ScalarType.Float32).mean().item<float>() > 200); // red: train/
        Assert.True(setup.ValidationPairs.Inputs[.., 2].to_type(ScalarType.Float32).mean().item<float>() > 200); // blue: test/
    }

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public async Task MalformedPairsAre400NamingTheFileAndLeaveNothing(string name)
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var (archive, detail) = Malformed[name];

        var response = await client.PostAsync("/v1/datasets", TestArchives.Form(archive(), imageSize: 8, kind: "pairs"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, detail);
        await DatasetsApiTests.AssertNothingStoredAsync(factory);
    }

    [Theory]
    [InlineData("videos", null, "kind", "Must be images, photos, pairs, labelmaps, captions or trajectories.")]
    [InlineData("7", null, "kind", "Must be images, photos, pairs, labelmaps, captions or trajectories.")]
    [InlineData("pairs", "sideways", "direction", "Must be AtoB or BtoA.")]
    [InlineData("images", "BtoA", "direction", "Only for pairs")]
    public async Task UnknownKindOrDirectionIs400NamingTheFieldAndWhatItTakes(string kind, string? direction, string field, string message)
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/v1/datasets", TestArchives.Form(TestArchives.Zip(("a.png", Gray())), kind: kind, direction: direction));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var problem = await response.ReadJsonObjectAsync();
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), problem.ToJsonString());
        Assert.Contains(message, Assert.Single(errors[field]!.AsArray())!.GetValue<string>(), StringComparison.Ordinal);
        await DatasetsApiTests.AssertNothingStoredAsync(factory);
    }

    [Theory]
    [InlineData("pairs")]
    [InlineData("photos")]
    public async Task TodaysFamiliesRefuseToTrainOnPhotosOrPairs(string kind)
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var zip = kind == "pairs" ? TestArchives.Zip(("A/1.png", Gray()), ("B/1.png", Gray())) : TestArchives.Zip(("1.png", Gray()));
        var dataset = await (await client.PostAsync("/v1/datasets", TestArchives.Form(zip, imageSize: 8, kind: kind))).ReadJsonObjectAsync();

        var response = await client.PostAsJsonAsync("/v1/training-runs", new { architecture = "vae", datasetId = dataset["id"]!.GetValue<Guid>() });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, $"does not train on {kind} datasets");
        Assert.Empty((await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>("/v1/training-runs"))!);
    }

    private static byte[] Gray() => TestArchives.Gray(90);
}
