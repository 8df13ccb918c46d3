using System.Net;
using System.Net.Http.Json;
using System.Text;
using GenService.Api.Tests.Infrastructure;
using GenService.ML.Datasets;
using GenService.ML.Datasets.Landscapes;
using SkiaSharp;

namespace GenService.Api.Tests.Datasets;

public class LabelMapsApiTests
{
    private const string Classes = """{"classes": [{"index": 0, "name": "sky", "colour": "#78c8ff"}, {"index": 1, "name": "sea", "colour": "#1e46b4"}, {"index": 7, "name": "rock", "colour": "#787878"}], "dontCare": 255}""";

    public static TheoryData<string> MalformedCases => [.. Malformed.Keys];

    /// <summary>Each malformed label-map archive, and a phrase its problem detail must contain (the file at fault).</summary>
    private static readonly Dictionary<string, (Func<byte[]> Archive, string Detail)> Malformed = new()
    {
        ["index with no class"] = (() => Archive(("labels/a.png", IndexPng.Write(IndexPng.Filled(12, 10, (x, _) => (byte)(x == 5 ? 3 : 1))))), "'labels/a.png' holds index 3 (first at x=5, y=0)"),
        ["size differs from its image"] = (() => Archive(("labels/a.png", IndexPng.Write(IndexPng.Filled(11, 10, (_, _) => 0)))), "'labels/a.png' is 11×10 but its image 'images/a.jpg' is 12×10"),
        ["missing map"] = (() => Archive(("images/b.png", TestArchives.Gray(3))), "'images/b.png' has no label map"),
        ["missing image"] = (() => Archive(("labels/c.png", Map())), "'labels/c.png' has no image"),
        ["colour map"] = (() => Archive(("labels/a.png", TestArchives.Solid(1, 2, 3))), "'labels/a.png' is not a usable label map"),
        ["no classes.json"] = (() => TestArchives.Zip(("images/a.jpg", Image()), ("labels/a.png", Map())), "no 'classes.json'"),
        ["classes.json not JSON"] = (() => Archive(classes: "{nope"), "'classes.json' is not valid JSON"),
        ["classes.json without classes"] = (() => Archive(classes: """{"classes": []}"""), "'classes.json' names no classes"),
        ["colour not hex"] = (() => Archive(classes: """{"classes": [{"index": 0, "name": "sky", "colour": "blue"}]}"""), "must be \\\"#rrggbb\\\""),
        ["index twice"] = (() => Archive(classes: """{"classes": [{"index": 0, "name": "sky", "colour": "#000000"}, {"index": 0, "name": "sea", "colour": "#000001"}]}"""), "index 0 is given to both 'sky' and 'sea'"),
        ["a third folder"] = (() => Archive(("masks/a.png", Map())), "'masks/'"),
    };

    [Fact]
    public async Task BuiltInLandscapesBecomeALabelMapsDatasetWithStylesAsLabelsClassesAndAPreview()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/v1/datasets/landscapes", new { count = 6, size = 64, seed = 5 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dataset = await response.ReadJsonObjectAsync();
        Assert.Equal(("labelmaps", "landscapes", 6, 3), (dataset["kind"]!.GetValue<string>(), dataset["source"]!.GetValue<string>(), dataset["itemCount"]!.GetValue<int>(), dataset["channels"]!.GetValue<int>()));
        Assert.Equal(LandscapeGenerator.StyleNames, dataset["classes"]!.AsArray().Select(c => c!.GetValue<string>()));
        var id = dataset["id"]!.GetValue<Guid>();
        using (var set = LabelMapFile.Read(Path.Combine(factory.DataDirectory, "datasets", id.ToString("N"))))
        {
            var expected = LandscapeGenerator.DrawOne(seed: 5, index: 4, size: 64);
            Assert.Equal(expected.Pixels, set.Images[4].bytes.ToArray());
            Assert.Equal(expected.Labels, set.Maps[4].bytes.ToArray());
            Assert.Equal((byte)expected.Style, set.ImageLabels![4].item<byte>());
        }

        var classes = await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/v1/datasets/{id}/label-classes");
        Assert.Equal(["sky", "cloud", "mountain", "sea", "grass", "tree", "rock"], classes!["classes"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("#78c8ff", classes["classes"]![0]!["colour"]!.GetValue<string>());
        Assert.Null(classes["dontCareIndex"]);

        var preview = await client.GetAsync($"/v1/datasets/{id}/preview?count=2&columns=1");
        using var grid = SKBitmap.Decode(await preview.Content.ReadAsByteArrayAsync());
        Assert.Equal((2 * 64 + 4, 2 * 64 + 6), (grid.Width, grid.Height)); // image | painted map, one a row
        var skyOrCloud = LandscapeClasses.All.Take(2).Select(c => new SKColor(c.ColourBytes().R, c.ColourBytes().G, c.ColourBytes().B));
        Assert.Contains(grid.GetPixel(2 + 64 + 32, 2), skyOrCloud); // the top of a map is sky or cloud, painted in its colour
    }

    [Theory]
    [InlineData("""{"count": 0}""", "count")]
    [InlineData("""{"count": 20001}""", "count")]
    [InlineData("""{"size": 63}""", "size")]
    [InlineData("""{"size": 257}""", "size")]
    [InlineData("""{"name": ""}""", "name")]
    public async Task BadLandscapeRequestsAre400NamingTheField(string body, string field)
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/v1/datasets/landscapes", new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
        await DatasetsApiTests.AssertNothingStoredAsync(factory);
    }

    [Fact]
    public async Task AnUploadOfGrayAndPaletteMapsKeepsTheirIndicesExactly()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        // A palette PNG whose colours are not the classes' colours: only its indices count.
        var palette = IndexPng.Write(IndexPng.Filled(12, 10, (x, y) => (byte)(x < 6 ? 7 : 1)), [.. Enumerable.Range(0, 8).Select(i => ((byte)(i * 30), (byte)0, (byte)0))]);
        var zip = TestArchives.Zip(
            ("ade/images/a.jpg", Image()),
            ("ade/images/b.png", TestArchives.Solid(0, 200, 0)),
            ("ade/labels/a.png", IndexPng.Write(IndexPng.Filled(12, 10, (x, y) => (byte)(y < 5 ? 0 : 255)))),
            ("ade/labels/b.png", palette),
            ("ade/classes.json", Encoding.UTF8.GetBytes(Classes)));

        var response = await client.PostAsync("/v1/datasets", TestArchives.Form(zip, "ade.zip", imageSize: 10, kind: "labelmaps"));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var dataset = await response.ReadJsonObjectAsync();
        Assert.Equal(("labelmaps", 2, 3, 10), (dataset["kind"]!.GetValue<string>(), dataset["itemCount"]!.GetValue<int>(), dataset["channels"]!.GetValue<int>(), dataset["imageHeight"]!.GetValue<int>()));
        var id = dataset["id"]!.GetValue<Guid>();
        using (var set = LabelMapFile.Read(Path.Combine(factory.DataDirectory, "datasets", id.ToString("N"))))
        {
            Assert.Equal([2L, 10, 10], set.Maps.shape);
            Assert.Equal([0, 255], new[] { set.Maps[0, 0, 5].item<byte>(), set.Maps[0, 9, 5].item<byte>() }); // a: sky above, "don't care" below
            Assert.Equal([7, 1], new[] { set.Maps[1, 5, 0].item<byte>(), set.Maps[1, 5, 9].item<byte>() }); // b: the palette's indices, cropped to the centre
            Assert.Equal(255, set.DontCareIndex);
        }
        var classes = await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/v1/datasets/{id}/label-classes");
        Assert.Equal([0, 1, 7], classes!["classes"]!.AsArray().Select(c => c!["index"]!.GetValue<int>()));
        Assert.Equal(255, classes["dontCareIndex"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/datasets/{id}/preview")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public async Task MalformedLabelMapsAre400NamingTheFileAndLeaveNothing(string name)
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var (archive, detail) = Malformed[name];

        var response = await client.PostAsync("/v1/datasets", TestArchives.Form(archive(), imageSize: 8, kind: "labelmaps"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, detail);
        await DatasetsApiTests.AssertNothingStoredAsync(factory);
    }

    [Fact]
    public async Task LabelClassesOfAnotherKindOfDatasetAre404()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var dataset = await (await client.PostAsync("/v1/datasets", TestArchives.Form(TestArchives.Zip(("1.png", TestArchives.Gray(9)), ("2.png", TestArchives.Gray(9))), imageSize: 8))).ReadJsonObjectAsync();

        var response = await client.GetAsync($"/v1/datasets/{dataset["id"]!.GetValue<Guid>()}/label-classes");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not label maps");
    }

    /// <summary>A good archive (images/a.jpg with its map, classes.json) with extra or replaced entries.</summary>
    private static byte[] Archive((string Name, byte[] Content)? entry = null, string classes = Classes)
    {
        var entries = new Dictionary<string, byte[]>
        {
            ["images/a.jpg"] = Image(),
            ["labels/a.png"] = Map(),
            ["classes.json"] = Encoding.UTF8.GetBytes(classes),
        };
        if (entry is { } extra)
            entries[extra.Name] = extra.Content;
        return TestArchives.Zip([.. entries.Select(e => (e.Key, e.Value))]);
    }

    private static byte[] Image() => TestArchives.Solid(200, 100, 50, SKEncodedImageFormat.Jpeg);

    private static byte[] Map() => IndexPng.Write(IndexPng.Filled(12, 10, (_, y) => (byte)(y < 5 ? 0 : 1)));
}
