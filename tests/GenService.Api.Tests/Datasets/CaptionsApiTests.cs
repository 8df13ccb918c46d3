using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using GenService.Api.Datasets;
using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.Api.Tests.Infrastructure;
using GenService.Api.Training;
using GenService.ML.Datasets;
using GenService.ML.Datasets.Captions;
using GenService.ML.Families;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SkiaSharp;
using static TorchSharp.torch;

namespace GenService.Api.Tests.Datasets;

public class CaptionsApiTests
{
    private const string Metadata = """
        {"file_name": "a.png", "text": "a dark coat", "source": "ignored"}
        {"file_name": "./b.png", "text": ["a light sneaker", "sneaker, light colour"]}

        {"file_name": "b.png", "text": "Ein heller Turnschuh 👟"}
        """;

    public static TheoryData<string> MalformedCases => [.. Malformed.Keys];

    private static readonly string TooLong = string.Concat(Enumerable.Repeat("dress ", 80));

    /// <summary>Each malformed captions archive, and a phrase its problem detail must contain (the file and line at fault).</summary>
    private static readonly Dictionary<string, (Func<byte[]> Archive, string Detail)> Malformed = new()
    {
        ["invalid JSON line"] = (() => Jsonl("""{"file_name": "a.png", "text": "a coat"}""", "{nope"), "'metadata.jsonl' line 2 is not valid JSON"),
        ["unknown file"] = (() => Jsonl("""{"file_name": "c.png", "text": "a coat"}"""), "'metadata.jsonl' line 1: file_name 'c.png' is not an image of the archive"),
        ["empty text"] = (() => Jsonl("""{"file_name": "a.png", "text": "  "}"""), "'metadata.jsonl' line 1: the caption is empty or only whitespace"),
        ["empty caption in a list"] = (() => Jsonl("""{"file_name": "a.png", "text": ["a coat", ""]}"""), "'metadata.jsonl' line 1: the caption is empty"),
        ["empty list"] = (() => Jsonl("""{"file_name": "a.png", "text": []}"""), "'metadata.jsonl' line 1: \\\"text\\\" must be a caption or a non-empty list"),
        ["text not a string"] = (() => Jsonl("""{"file_name": "a.png", "text": 3}"""), "'metadata.jsonl' line 1: \\\"text\\\" must be"),
        ["no file_name"] = (() => Jsonl("""{"text": "a coat"}"""), "'metadata.jsonl' line 1 has no \\\"file_name\\\""),
        ["no text"] = (() => Jsonl("""{"file_name": "a.png"}"""), "'metadata.jsonl' line 1 has no \\\"text\\\""),
        ["caption over the limit"] = (() => Jsonl($$"""{"file_name": "a.png", "text": "{{TooLong}}"}"""), "'metadata.jsonl' line 1: the caption is longer than 77 tokens"),
        ["image without a line"] = (() => Archive(("metadata.jsonl", Utf8("""{"file_name": "a.png", "text": "a coat"}"""))), "Image 'b.png' has no caption: no line of 'metadata.jsonl' names it"),
        ["two metadata files"] = (() => Archive(("metadata.jsonl", Utf8(Metadata)), ("more/metadata.jsonl", Utf8(Metadata))), "2 metadata.jsonl files"),
        ["not UTF-8"] = (() => Archive(("metadata.jsonl", [0x7b, 0xff, 0xfe, 0x7d])), "'metadata.jsonl' is not UTF-8 text"),
        ["image without a text file"] = (() => Archive(("a.txt", Utf8("a coat"))), "Image 'b.png' has no caption: add 'b.txt'"),
        ["empty text file"] = (() => Archive(("a.txt", Utf8("a coat")), ("b.txt", Utf8("\n  \n"))), "'b.txt' holds no line of text"),
        ["text file line over the limit"] = (() => Archive(("a.txt", Utf8("a coat")), ("b.txt", Utf8("a sneaker\n" + TooLong))), "'b.txt' line 2: the caption is longer than 77 tokens"),
        ["a folder not train or held-out"] = (() => TestArchives.Zip(("cats/a.png", TestArchives.Gray(9)), ("held-out/b.png", TestArchives.Gray(9)), ("cats/a.txt", Utf8("a cat")), ("held-out/b.txt", Utf8("a cat"))), "'cats/' is neither"),
    };

    [Fact]
    public async Task BuiltInFashionMnistCaptionsHoldTheTestImagesOutAndListTheWritersCaptions()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/v1/datasets/fashion-mnist-captions", new { limit = 30, heldOutLimit = 10, captionsPerImage = 3, seed = 2 });

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var dataset = await response.ReadJsonObjectAsync();
        Assert.Equal(("captions", "fashion-mnist-captions", "fashion-mnist-captions", 40), (dataset["kind"]!.GetValue<string>(), dataset["source"]!.GetValue<string>(), dataset["name"]!.GetValue<string>(), dataset["itemCount"]!.GetValue<int>()));
        Assert.Equal(FashionMnist.ClassNames, dataset["classes"]!.AsArray().Select(c => c!.GetValue<string>()));
        var id = dataset["id"]!.GetValue<Guid>();

        var page = await client.GetFromJsonAsync<JsonObject>($"/v1/datasets/{id}/captions?offset=28&limit=5");

        using var train = FashionMnist.Read(FashionMnist.DefaultDirectory, FashionMnistSplit.Train, 30);
        using var heldOut = FashionMnist.Read(FashionMnist.DefaultDirectory, FashionMnistSplit.Test, 10);
        using var expected = FashionMnistCaptionWriter.Write(train, heldOut, 3, 2);
        Assert.Equal((40, 28), (page!["total"]!.GetValue<int>(), page["offset"]!.GetValue<int>()));
        var items = page["items"]!.AsArray();
        Assert.Equal([28, 29, 30, 31, 32], items.Select(item => item!["index"]!.GetValue<int>()));
        Assert.Equal([false, false, true, true, true], items.Select(item => item!["heldOut"]!.GetValue<bool>()));
        Assert.Equal(expected.Items[30].Captions, items[2]!["captions"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(expected.Items[30].UnseenPhrasings, items[2]!["unseenPhrasings"]!.AsArray().Select(c => c!.GetValue<string>()));
        var preview = await client.GetAsync($"/v1/datasets/{id}/preview?count=2&columns=1");
        using var grid = SKBitmap.Decode(await preview.Content.ReadAsByteArrayAsync());
        // Each cell: the image enlarged to 160×160 over three lines of its caption, 2 pixels of padding around.
        Assert.Equal((160 + 4, (2 * (160 + 42)) + 6), (grid.Width, grid.Height));
        var textRows = Enumerable.Range(2 + 160, 42).SelectMany(y => Enumerable.Range(2, 160).Select(x => grid.GetPixel(x, y).Red));
        Assert.Contains(textRows, red => red > 128); // the caption is drawn in light text
    }

    [Fact]
    public async Task BuiltInLandscapeCaptionsAreTheLandscapesWithCaptionsOfTheirMapsAndStyles()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/v1/datasets/landscape-captions", new { count = 4, size = 64, seed = 5, captionsPerImage = 2 });

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var dataset = await response.ReadJsonObjectAsync();
        Assert.Equal(("captions", "landscape-captions", 4, 3), (dataset["kind"]!.GetValue<string>(), dataset["source"]!.GetValue<string>(), dataset["itemCount"]!.GetValue<int>(), dataset["channels"]!.GetValue<int>()));
        using var expected = LandscapeCaptionWriter.Write(seed: 5, count: 4, size: 64, captionsPerImage: 2);
        var items = (await client.GetFromJsonAsync<JsonObject>($"/v1/datasets/{dataset["id"]}/captions"))!["items"]!.AsArray();
        Assert.Equal(expected.Items.SelectMany(item => item.Captions), items.SelectMany(item => item!["captions"]!.AsArray().Select(c => c!.GetValue<string>())));
        Assert.All(items, item => Assert.False(item!["heldOut"]!.GetValue<bool>()));
    }

    [Theory]
    [InlineData("""{"count": 0}""", "count")]
    [InlineData("""{"size": 63}""", "size")]
    [InlineData("""{"captionsPerImage": 5}""", "captionsPerImage")]
    public async Task BadLandscapeCaptionsRequestsAre400NamingTheField(string body, string field)
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/v1/datasets/landscape-captions", new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
        await DatasetsApiTests.AssertNothingStoredAsync(factory);
    }

    [Theory]
    [InlineData("""{"limit": 0}""", "limit")]
    [InlineData("""{"heldOutLimit": 10001}""", "heldOutLimit")]
    [InlineData("""{"captionsPerImage": 0}""", "captionsPerImage")]
    [InlineData("""{"captionsPerImage": 7}""", "captionsPerImage")]
    [InlineData("""{"name": " "}""", "name")]
    public async Task BadFashionMnistCaptionsRequestsAre400NamingTheField(string body, string field)
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/v1/datasets/fashion-mnist-captions", new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
        await DatasetsApiTests.AssertNothingStoredAsync(factory);
    }

    [Fact]
    public async Task AMetadataJsonlUploadKeepsEveryLinesCaptionsAndTheHeldOutFolder()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var zip = TestArchives.Zip(
            ("set/metadata.jsonl", Utf8("\uFEFF" + Metadata.Replace("a.png", "train/a.png").Replace("b.png", "held-out/b.png"))),
            ("set/train/a.png", TestArchives.Gray(40)),
            ("set/held-out/b.png", TestArchives.Gray(220)));

        var response = await client.PostAsync("/v1/datasets", TestArchives.Form(zip, "shoes.zip", imageSize: 8, kind: "captions"));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var dataset = await response.ReadJsonObjectAsync();
        Assert.Equal(("captions", 2, 1, 8), (dataset["kind"]!.GetValue<string>(), dataset["itemCount"]!.GetValue<int>(), dataset["channels"]!.GetValue<int>(), dataset["imageHeight"]!.GetValue<int>()));
        var items = (await client.GetFromJsonAsync<JsonObject>($"/v1/datasets/{dataset["id"]}/captions"))!["items"]!.AsArray();
        // Layout order is ordinal by entry name: held-out/b.png before train/a.png.
        Assert.Equal(["a light sneaker", "sneaker, light colour", "Ein heller Turnschuh 👟"], items[0]!["captions"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(["a dark coat"], items[1]!["captions"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal([true, false], items.Select(item => item!["heldOut"]!.GetValue<bool>()));
        Assert.Empty(items[0]!["unseenPhrasings"]!.AsArray());
    }

    [Fact]
    public async Task ARunsTrainingDataOfACaptionsDatasetIsItsImagesWithTheirCaptionsSplitByTheHeldOutFolder()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var zip = TestArchives.Zip(
            ("set/metadata.jsonl", Utf8(Metadata.Replace("a.png", "train/a.png").Replace("b.png", "held-out/b.png"))),
            ("set/train/a.png", TestArchives.Gray(40)),
            ("set/held-out/b.png", TestArchives.Gray(220)));
        var id = (await (await client.PostAsync("/v1/datasets", TestArchives.Form(zip, "shoes.zip", imageSize: 8, kind: "captions"))).ReadJsonObjectAsync())["id"]!.GetValue<Guid>();
        Dataset dataset;
        using (var scope = factory.Services.CreateScope())
            dataset = (await scope.ServiceProvider.GetRequiredService<GenServiceDbContext>().Datasets.FindAsync(id))!;

        using var data = TrainingData.Load(factory.Services.GetRequiredService<DatasetLoader>(), dataset, validationFraction: 0.5, seed: 1);

        var setup = data.Setup(Hyperparameters.FromStored([], new Dictionary<string, double>()), CPU, 1);
        Assert.Equal(["a dark coat"], setup.TrainCaptions!.Items.Single().Captions);
        Assert.Equal("Ein heller Turnschuh 👟", setup.ValidationCaptions!.Items.Single().Captions[^1]);
        Assert.Same(setup.TrainCaptions.Images, setup.Train);
        Assert.True(setup.Train.Images.to_type(ScalarType.Float32).mean().item<float>() < 128);       // the dark train/ image
        Assert.True(setup.Validation.Images.to_type(ScalarType.Float32).mean().item<float>() > 128);  // the light held-out/ one
    }

    [Fact]
    public async Task ARunOnACaptionsDatasetWhoseImagesAreAllHeldOutIsRefusedWhenRequested()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var zip = TestArchives.Zip(
            ("metadata.jsonl", Utf8(Metadata.Replace("a.png", "train/a.png").Replace("b.png", "held-out/b.png"))),
            ("train/a.png", TestArchives.Gray(40)),
            ("held-out/b.png", TestArchives.Gray(220)));
        var id = (await (await client.PostAsync("/v1/datasets", TestArchives.Form(zip, "shoes.zip", imageSize: 8, kind: "captions"))).ReadJsonObjectAsync())["id"]!.GetValue<Guid>();
        // An upload strips a lone held-out/ folder as a wrapper, so the stored flags are rewritten to hold out every image.
        Dataset dataset;
        using (var scope = factory.Services.CreateScope())
            dataset = (await scope.ServiceProvider.GetRequiredService<GenServiceDbContext>().Datasets.FindAsync(id))!;
        var folder = factory.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Resolve(dataset.StorageLocation);
        using (var stored = CaptionFile.Read(folder))
            CaptionFile.Write(folder, new CaptionSet(stored.Images, [.. stored.Items.Select(item => item with { HeldOut = true })], stored.AttributeThresholds));

        var response = await client.PostAsJsonAsync("/v1/training-runs", new { architecture = "textgan", datasetId = id });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "none to train on");
    }

    [Fact]
    public async Task ATextFileBesideEachImageGivesOneCaptionALine()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var zip = Archive(("a.txt", Utf8("a dark coat\r\n\r\n  a coat, dark colour  \n")), ("b.txt", Utf8("a light sneaker")));

        var response = await client.PostAsync("/v1/datasets", TestArchives.Form(zip, imageSize: 8, kind: "captions"));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var id = (await response.ReadJsonObjectAsync())["id"];
        var items = (await client.GetFromJsonAsync<JsonObject>($"/v1/datasets/{id}/captions?limit=1&offset=0"))!["items"]!.AsArray();
        Assert.Equal(["a dark coat", "a coat, dark colour"], Assert.Single(items)!["captions"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.False(items[0]!["heldOut"]!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public async Task MalformedCaptionsAre400NamingTheFileAndLineAndLeaveNothing(string name)
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var (archive, detail) = Malformed[name];

        var response = await client.PostAsync("/v1/datasets", TestArchives.Form(archive(), imageSize: 8, kind: "captions"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, detail);
        await DatasetsApiTests.AssertNothingStoredAsync(factory);
    }

    [Fact]
    public async Task CaptionsOfAnotherKindOfDatasetOrNoneAre404AndABadPageIs400()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var images = await (await client.PostAsync("/v1/datasets", TestArchives.Form(TestArchives.Zip(("1.png", TestArchives.Gray(9)), ("2.png", TestArchives.Gray(9))), imageSize: 8))).ReadJsonObjectAsync();

        await (await client.GetAsync($"/v1/datasets/{images["id"]}/captions")).AssertProblemAsync(HttpStatusCode.NotFound, "not captions");
        await (await client.GetAsync($"/v1/datasets/{Guid.NewGuid()}/captions")).AssertProblemAsync(HttpStatusCode.NotFound, "does not exist");
        await (await client.GetAsync($"/v1/datasets/{images["id"]}/captions?offset=-1")).AssertProblemAsync(HttpStatusCode.BadRequest, "offset");
        await (await client.GetAsync($"/v1/datasets/{images["id"]}/captions?limit=501")).AssertProblemAsync(HttpStatusCode.BadRequest, "limit");
    }

    /// <summary>Images a.png and b.png with the given captions files.</summary>
    private static byte[] Archive(params (string Name, byte[] Content)[] captions) =>
        TestArchives.Zip([("a.png", TestArchives.Gray(40)), ("b.png", TestArchives.Gray(220)), .. captions]);

    private static byte[] Jsonl(params string[] lines) => Archive(("metadata.jsonl", Utf8(string.Join('\n', lines) + "\n")), ("b.txt", Utf8("ignored: metadata.jsonl names b.png")));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
