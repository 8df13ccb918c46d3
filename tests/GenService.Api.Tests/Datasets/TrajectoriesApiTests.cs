using System.Net;
using System.Net.Http.Json;
using System.Text;
using GenService.Api.Tests.Infrastructure;
using GenService.ML.Datasets.Trajectories;
using SkiaSharp;

namespace GenService.Api.Tests.Datasets;

public class TrajectoriesApiTests
{
    /// <summary>Two people crossing for <paramref name="frames"/> frames, as the release writes its files.</summary>
    private static byte[] Scene(int frames = 20) => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, frames).Select(f =>
        $"{f * 10}.0\t1.0\t{0.4 * f}\t1.0\n{f * 10}.0\t2.0\t5.0\t{8 - (0.4 * f)}\n")));

    public static TheoryData<string> MalformedCases => [.. Malformed.Keys];

    /// <summary>Each malformed archive, and a phrase its problem detail must contain (the file and line at fault).</summary>
    private static readonly Dictionary<string, (Func<byte[]> Archive, string Detail)> Malformed = new()
    {
        ["not a number"] = (() => Archive(("eth/val/hotel.txt", Encoding.UTF8.GetBytes("0\t1\tabc\t2\n"))), "eth/val/hotel.txt, line 1: x 'abc' is not a finite number"),
        ["gap"] = (() => Archive(("eth/val/hotel.txt", Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Scene()) + "300\t1\t1\t1\n"))), "eth/val/hotel.txt, line 41: pedestrian 1 reappears at frame 300"),
        ["too few frames"] = (() => Archive(("eth/val/hotel.txt", Scene(10))), "eth/val/hotel.txt: 10 frames; a scene needs at least 16"),
        ["no val folder"] = (() => TestArchives.Zip(("eth/train/zara.txt", Scene())), "no scene file (.txt) in a val/ folder"),
        ["same name twice"] = (() => Archive(("ucy/train/zara.txt", Scene())), "'ucy/train/zara.txt' and 'eth/train/zara.txt' are both scene 'zara' of train/"),
    };

    private static byte[] Archive(params (string Name, byte[] Content)[] more) =>
        TestArchives.Zip([("eth/train/zara.txt", Scene()), ("eth/README.txt", Encoding.UTF8.GetBytes("not a scene")), .. more]);

    [Fact]
    public async Task AnUploadedReleaseBecomesATrajectoriesDatasetWithItsSplitsAndAPreview()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var zip = TestArchives.Zip(("datasets/eth/train/zara.txt", Scene()), ("datasets/eth/val/hotel.txt", Scene(16)), ("datasets/eth/test/univ.txt", Scene()));

        var response = await client.PostAsync("/v1/datasets", TestArchives.Form(zip, "eth.zip", kind: "trajectories"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dataset = await response.ReadJsonObjectAsync();
        Assert.Equal(("trajectories", "upload", 3, 0), (dataset["kind"]!.GetValue<string>(), dataset["source"]!.GetValue<string>(), dataset["itemCount"]!.GetValue<int>(), dataset["channels"]!.GetValue<int>()));
        var id = dataset["id"]!.GetValue<Guid>();
        var scenes = TrajectoryFile.Read(Path.Combine(factory.DataDirectory, "datasets", id.ToString("N")));
        Assert.Equal([("zara", TrajectorySplit.Train), ("hotel", TrajectorySplit.Validation), ("univ", TrajectorySplit.Test)], scenes.Select(s => (s.Name, s.Split)));
        Assert.Equal(new TrajectoryPoint(10, 2, 5, 7.6), scenes[0].Points[3]);

        var preview = await client.GetAsync($"/v1/datasets/{id}/preview?count=2&columns=2");
        Assert.Equal("image/png", preview.Content.Headers.ContentType!.MediaType);
        using var grid = SKBitmap.Decode(await preview.Content.ReadAsByteArrayAsync());
        Assert.Equal((2 * 256 + 6, 256 + 4), (grid.Width, grid.Height));
    }

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public async Task AMalformedArchiveIs400NamingTheFileAndLine(string malformed)
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var (archive, detail) = Malformed[malformed];

        var response = await client.PostAsync("/v1/datasets", TestArchives.Form(archive(), kind: "trajectories"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, detail);
        await DatasetsApiTests.AssertNothingStoredAsync(factory);
    }

    [Fact]
    public async Task BuiltInCrowdsAreTheSimulatorsScenesInTheirSplits()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/v1/datasets/crowds", new { trainScenes = 2, validationScenes = 1, testScenes = 1, frames = 30, seed = 9 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dataset = await response.ReadJsonObjectAsync();
        Assert.Equal(("trajectories", "crowds", 4), (dataset["kind"]!.GetValue<string>(), dataset["source"]!.GetValue<string>(), dataset["itemCount"]!.GetValue<int>()));
        var stored = TrajectoryFile.Read(Path.Combine(factory.DataDirectory, "datasets", dataset["id"]!.GetValue<Guid>().ToString("N")));
        var expected = CrowdSimulator.Simulate(9, 2, 1, 1, 30);
        Assert.Equal(expected.Select(s => s.Points), stored.Select(s => s.Points));
        Assert.Equal([TrajectorySplit.Train, TrajectorySplit.Train, TrajectorySplit.Validation, TrajectorySplit.Test], stored.Select(s => s.Split));
    }

    [Theory]
    [InlineData("""{"trainScenes": 0}""", "trainScenes")]
    [InlineData("""{"validationScenes": 0}""", "validationScenes")]
    [InlineData("""{"testScenes": -1}""", "testScenes")]
    [InlineData("""{"frames": 15}""", "frames")]
    [InlineData("""{"frames": 2001}""", "frames")]
    [InlineData("""{"name": ""}""", "name")]
    public async Task BadCrowdRequestsAre400NamingTheField(string body, string field)
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/v1/datasets/crowds", new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
        await DatasetsApiTests.AssertNothingStoredAsync(factory);
    }
}
