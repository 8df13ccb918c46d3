using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GenService.Api.Datasets;
using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using static TorchSharp.torch;

namespace GenService.Api.Tests.Datasets;

public class DatasetsApiTests
{
    [Theory, DatabaseProviders]
    public async Task FlatZipBecomesAnUnlabelledDatasetIgnoringNonImages(DatabaseProvider provider)
    {
        using var factory = new GenServiceFactory(provider);
        using var client = factory.CreateClient();
        var zip = TestArchives.Zip(
            ("astronaut.png", TestArchives.Photo("astronaut.png")),
            ("coffee.png", TestArchives.Photo("coffee.png")),
            ("chelsea.png", TestArchives.Photo("chelsea.png")),
            ("sky.jpg", TestArchives.Solid(40, 90, 200, SKEncodedImageFormat.Jpeg)),
            ("README.txt", "not an image"u8.ToArray()),
            (".DS_Store", [0, 1, 2]),
            ("__MACOSX/._coffee.png", [0, 1, 2]));

        var response = await client.PostAsync("/v1/datasets", TestArchives.Form(zip, "photos.zip", imageSize: 16));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dataset = await response.ReadJsonObjectAsync();
        var id = dataset["id"]!.GetValue<Guid>();
        Assert.Equal($"/v1/datasets/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("photos", dataset["name"]!.GetValue<string>());
        Assert.Equal("upload", dataset["source"]!.GetValue<string>());
        Assert.Equal("images", dataset["kind"]!.GetValue<string>());
        Assert.Equal(4, dataset["itemCount"]!.GetValue<int>());
        Assert.Equal(3, dataset["channels"]!.GetValue<int>());
        Assert.Equal((16, 16), (dataset["imageHeight"]!.GetValue<int>(), dataset["imageWidth"]!.GetValue<int>()));
        Assert.False(dataset["hasLabels"]!.GetValue<bool>());
        Assert.Empty(dataset["classes"]!.AsArray());
        Assert.Equal($"/v1/datasets/{id}/preview", dataset["previewUrl"]!.GetValue<string>());

        var folder = Path.Combine(factory.DataDirectory, "datasets", id.ToString("N"));
        var imagesFile = await File.ReadAllBytesAsync(Path.Combine(folder, "images.u8"));
        Assert.Equal(4 * 3 * 16 * 16, imagesFile.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(imagesFile)), dataset["checksum"]!.GetValue<string>());
        Assert.Equal(Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length), dataset["sizeBytes"]!.GetValue<long>());
        AssertNoStagingLeft(factory);
    }

    [Theory, DatabaseProviders]
    public async Task ClassFoldersBecomeLabelsInOrdinalOrder(DatabaseProvider provider)
    {
        using var factory = new GenServiceFactory(provider);
        using var client = factory.CreateClient();
        var zip = TestArchives.Zip(
            ("dogs/", []),
            ("dogs/rex.png", TestArchives.Solid(200, 10, 10)),
            ("cats/tom.png", TestArchives.Solid(10, 200, 10)),
            ("cats/felix.jpg", TestArchives.Solid(10, 10, 200, SKEncodedImageFormat.Jpeg)),
            ("birds/tweety.webp", TestArchives.Solid(250, 250, 0, SKEncodedImageFormat.Webp)));

        var response = await client.PostAsync("/v1/datasets", TestArchives.Form(zip, name: "animals", imageSize: 8));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dataset = await response.ReadJsonObjectAsync();
        Assert.Equal("animals", dataset["name"]!.GetValue<string>());
        Assert.True(dataset["hasLabels"]!.GetValue<bool>());
        Assert.Equal(["birds", "cats", "dogs"], dataset["classes"]!.AsArray().Select(c => c!.GetValue<string>()));

        using var stored = LoadStored(factory, dataset["id"]!.GetValue<Guid>());
        // Images are stored in ordinal order of their entry names: birds/tweety, cats/felix, cats/tom, dogs/rex.
        Assert.Equal(new long[] { 0, 1, 1, 2 }, stored.Labels!.data<long>().ToArray());
        Assert.Equal([4L, 3, 8, 8], stored.Images.shape);
        Assert.True(stored.Images[3, 0].to_type(ScalarType.Float32).mean().item<float>() > 150); // rex is red
    }

    [Fact]
    public async Task AFolderWrappingEverythingIsStripped()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var labelled = TestArchives.Zip(
            ("pets/", []),
            ("pets/cats/a.png", TestArchives.Solid(1, 2, 3)),
            ("pets/dogs/b.png", TestArchives.Solid(4, 5, 6)));
        var flat = TestArchives.Zip(
            ("holiday/photos/a.png", TestArchives.Solid(1, 2, 3)),
            ("holiday/photos/b.png", TestArchives.Solid(4, 5, 6)));

        var labelledDataset = await (await client.PostAsync("/v1/datasets", TestArchives.Form(labelled, imageSize: 8))).ReadJsonObjectAsync();
        var flatDataset = await (await client.PostAsync("/v1/datasets", TestArchives.Form(flat, imageSize: 8))).ReadJsonObjectAsync();

        Assert.Equal(["cats", "dogs"], labelledDataset["classes"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.False(flatDataset["hasLabels"]!.GetValue<bool>());
        Assert.Equal(2, flatDataset["itemCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task GrayImagesGiveOneChannelUnlessThreeAreAskedFor()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var gray = TestArchives.Zip(("camera.png", TestArchives.Photo("camera.png")), ("gray.jpg", TestArchives.Gray(90, SKEncodedImageFormat.Jpeg)));
        var mixed = TestArchives.Zip(("camera.png", TestArchives.Photo("camera.png")), ("red.png", TestArchives.Solid(250, 0, 0)));

        var automatic = await (await client.PostAsync("/v1/datasets", TestArchives.Form(gray, imageSize: 8))).ReadJsonObjectAsync();
        var forcedColour = await (await client.PostAsync("/v1/datasets", TestArchives.Form(gray, imageSize: 8, channels: 3))).ReadJsonObjectAsync();
        var mixedAutomatic = await (await client.PostAsync("/v1/datasets", TestArchives.Form(mixed, imageSize: 8))).ReadJsonObjectAsync();
        var forcedGray = await (await client.PostAsync("/v1/datasets", TestArchives.Form(mixed, imageSize: 8, channels: 1))).ReadJsonObjectAsync();

        Assert.Equal(1, automatic["channels"]!.GetValue<int>());
        Assert.Equal(3, forcedColour["channels"]!.GetValue<int>());
        Assert.Equal(3, mixedAutomatic["channels"]!.GetValue<int>());
        Assert.Equal(1, forcedGray["channels"]!.GetValue<int>());
        using var stored = LoadStored(factory, automatic["id"]!.GetValue<Guid>());
        Assert.Equal([2L, 1, 8, 8], stored.Images.shape);
    }

    [Fact]
    public async Task DefaultImageSizeIs64()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/v1/datasets", TestArchives.Form(TestArchives.Zip(("a.png", TestArchives.Photo("astronaut.png")))));

        var dataset = await response.ReadJsonObjectAsync();
        Assert.Equal((64, 64), (dataset["imageHeight"]!.GetValue<int>(), dataset["imageWidth"]!.GetValue<int>()));
    }

    [Fact]
    public async Task UploadLargerThanTheLimitIs413AndLeavesNothing()
    {
        using var factory = new GenServiceFactory();
        factory.Settings["Storage:MaxUploadBytes"] = "4096";
        using var client = factory.CreateClient();
        var zip = TestArchives.Zip(("chelsea.png", TestArchives.Photo("chelsea.png")));

        var response = await client.PostAsync("/v1/datasets", TestArchives.Form(zip));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "4096");
        await AssertNothingStoredAsync(factory);
    }

    [Fact]
    public async Task MissingFileFieldIs400()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        using var form = new MultipartFormDataContent { { new StringContent("cats"), "name" } };

        var response = await client.PostAsync("/v1/datasets", form);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "file");
    }

    [Theory, DatabaseProviders]
    public async Task FashionMnistImportKeepsTheFirstImagesAndTheTenClasses(DatabaseProvider provider)
    {
        using var factory = new GenServiceFactory(provider);
        using var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/v1/datasets/fashion-mnist", new { split = "test", limit = 30, name = "fm-test" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dataset = await response.ReadJsonObjectAsync();
        Assert.Equal("fm-test", dataset["name"]!.GetValue<string>());
        Assert.Equal("fashion-mnist", dataset["source"]!.GetValue<string>());
        Assert.Equal("images", dataset["kind"]!.GetValue<string>());
        Assert.Equal(30, dataset["itemCount"]!.GetValue<int>());
        Assert.Equal(1, dataset["channels"]!.GetValue<int>());
        Assert.Equal((28, 28), (dataset["imageHeight"]!.GetValue<int>(), dataset["imageWidth"]!.GetValue<int>()));
        Assert.True(dataset["hasLabels"]!.GetValue<bool>());
        var classes = dataset["classes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        Assert.Equal(10, classes.Count);
        Assert.Equal("Ankle boot", classes[9]);
        var folder = Path.Combine(factory.DataDirectory, "datasets", dataset["id"]!.GetValue<Guid>().ToString("N"));
        Assert.Equal(30 * 28 * 28, new FileInfo(Path.Combine(folder, "images.u8")).Length);
        Assert.Equal(Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length), dataset["sizeBytes"]!.GetValue<long>());
    }

    [Fact]
    public async Task FashionMnistDefaultsToTheTrainSplit()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();

        var dataset = await (await client.PostAsJsonAsync("/v1/datasets/fashion-mnist", new { limit = 5 })).ReadJsonObjectAsync();

        Assert.Equal("fashion-mnist-train", dataset["name"]!.GetValue<string>());
        using var stored = LoadStored(factory, dataset["id"]!.GetValue<Guid>());
        Assert.Equal(9, stored.Labels!.data<long>()[0]); // the first training image is an ankle boot
    }

    [Fact]
    public async Task FashionMnistWithoutThePackageIs404SayingHowToInstallIt()
    {
        using var factory = new GenServiceFactory();
        factory.Settings["Datasets:FashionMnistDirectory"] = Path.Combine(factory.DataDirectory, "no-such-folder");
        using var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/v1/datasets/fashion-mnist", new { limit = 5 });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "apt-get install dataset-fashion-mnist");
        await AssertNothingStoredAsync(factory);
    }

    [Theory]
    [InlineData("{\"split\": \"validation\"}", "split")]
    [InlineData("{\"limit\": 0}", "limit")]
    [InlineData("{\"limit\": 60001}", "limit")]
    [InlineData("{\"name\": \"  \"}", "name")]
    public async Task FashionMnistRequestIsValidated(string body, string field)
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/v1/datasets/fashion-mnist", new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Theory, DatabaseProviders]
    public async Task ListDetailAndDelete(DatabaseProvider provider)
    {
        using var factory = new GenServiceFactory(provider);
        using var client = factory.CreateClient();
        var first = await client.ImportFashionMnistAsync(limit: 3);
        var second = await client.ImportFashionMnistAsync(limit: 4);

        var list = await client.GetFromJsonAsync<JsonArray>("/v1/datasets");
        var detail = await client.GetFromJsonAsync<JsonObject>($"/v1/datasets/{first}");
        var deleted = await client.DeleteAsync($"/v1/datasets/{first}");

        Assert.Equal([second, first], list!.Select(d => d!["id"]!.GetValue<Guid>()));
        Assert.Equal(3, detail!["itemCount"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(factory.DataDirectory, "datasets", first.ToString("N"))));
        Assert.True(Directory.Exists(Path.Combine(factory.DataDirectory, "datasets", second.ToString("N"))));
        await (await client.GetAsync($"/v1/datasets/{first}")).AssertProblemAsync(HttpStatusCode.NotFound, first.ToString());
        await (await client.DeleteAsync($"/v1/datasets/{first}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Single((await client.GetFromJsonAsync<JsonArray>("/v1/datasets"))!);
    }

    [Theory, DatabaseProviders]
    public async Task DeleteIsRefusedWhileARunIsQueuedOrRunning(DatabaseProvider provider)
    {
        using var factory = new GenServiceFactory(provider);
        using var client = factory.CreateClient();
        var datasetId = await client.ImportFashionMnistAsync(limit: 3);
        var runId = await AddRunAsync(factory, datasetId, TrainingRunStatus.Queued);

        await (await client.DeleteAsync($"/v1/datasets/{datasetId}")).AssertProblemAsync(HttpStatusCode.Conflict, runId.ToString());
        await SetRunStatusAsync(factory, runId, TrainingRunStatus.Running);
        await (await client.DeleteAsync($"/v1/datasets/{datasetId}")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.True(Directory.Exists(Path.Combine(factory.DataDirectory, "datasets", datasetId.ToString("N"))));

        await SetRunStatusAsync(factory, runId, TrainingRunStatus.Succeeded);
        var deleted = await client.DeleteAsync($"/v1/datasets/{datasetId}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        var run = await db.TrainingRuns.AsNoTracking().SingleAsync(r => r.Id == runId);
        Assert.Null(run.DatasetId); // the finished run and its model outlive the dataset
    }

    [Fact]
    public async Task PreviewIsADeterministicGridOfDatasetImages()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var datasetId = await client.ImportFashionMnistAsync(limit: 40);

        var response = await client.GetAsync($"/v1/datasets/{datasetId}/preview?count=10&columns=5&seed=3");
        var again = await client.GetByteArrayAsync($"/v1/datasets/{datasetId}/preview?count=10&columns=5&seed=3");
        var otherSeed = await client.GetByteArrayAsync($"/v1/datasets/{datasetId}/preview?count=10&columns=5&seed=4");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var png = await response.Content.ReadAsByteArrayAsync();
        using var grid = SKBitmap.Decode(png);
        Assert.NotNull(grid);
        Assert.Equal((5 * 30 + 2, 2 * 30 + 2), (grid.Width, grid.Height)); // 28 px tiles, 2 px padding
        Assert.Equal(png, again);
        Assert.NotEqual(png, otherSeed);
    }

    [Fact]
    public async Task PreviewDefaultsAndFormats()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var datasetId = await client.ImportFashionMnistAsync(limit: 5);

        var small = await client.GetAsync($"/v1/datasets/{datasetId}/preview");
        var jpeg = await client.GetAsync($"/v1/datasets/{datasetId}/preview?format=jpeg");
        var jpg = await client.GetAsync($"/v1/datasets/{datasetId}/preview?format=jpg");
        var webp = await client.GetAsync($"/v1/datasets/{datasetId}/preview?format=IMAGE/WEBP");

        using var grid = SKBitmap.Decode(await small.Content.ReadAsByteArrayAsync());
        Assert.Equal((3 * 30 + 2, 2 * 30 + 2), (grid.Width, grid.Height)); // all 5 images, 3 columns
        Assert.Equal("image/jpeg", jpeg.Content.Headers.ContentType?.MediaType);
        Assert.Equal("image/jpeg", jpg.Content.Headers.ContentType?.MediaType);
        Assert.Equal("image/webp", webp.Content.Headers.ContentType?.MediaType);
        await (await client.GetAsync($"/v1/datasets/{datasetId}/preview?count=0")).AssertProblemAsync(HttpStatusCode.BadRequest, "count");
        await (await client.GetAsync($"/v1/datasets/{datasetId}/preview?count=257")).AssertProblemAsync(HttpStatusCode.BadRequest, "count");
        await (await client.GetAsync($"/v1/datasets/{datasetId}/preview?format=gif")).AssertProblemAsync(HttpStatusCode.BadRequest, "Must be png, jpeg or webp");
        // The framework's enum binder would take a member's number.
        await (await client.GetAsync($"/v1/datasets/{datasetId}/preview?format=1")).AssertProblemAsync(HttpStatusCode.BadRequest, "Must be png, jpeg or webp");
        await (await client.GetAsync($"/v1/datasets/{Guid.NewGuid()}/preview")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheLoaderGivesTrainingTheStoredTensors()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var datasetId = await client.ImportFashionMnistAsync(limit: 12);

        using var scope = factory.Services.CreateScope();
        var dataset = await scope.ServiceProvider.GetRequiredService<GenServiceDbContext>().Datasets.SingleAsync(d => d.Id == datasetId);
        using var tensors = factory.GetService<DatasetLoader>().Load(dataset);

        Assert.Equal([12L, 1, 28, 28], tensors.Images.shape);
        Assert.Equal(12, tensors.Labels!.shape[0]);
        Assert.Equal(10, tensors.Classes.Count);
    }

    internal static void AssertNoStagingLeft(GenServiceFactory factory)
    {
        var staging = Path.Combine(factory.DataDirectory, "tmp");
        Assert.True(!Directory.Exists(staging) || !Directory.EnumerateFileSystemEntries(staging).Any(), "staging files were left behind");
    }

    /// <summary>No dataset folder, no staging file and no database row.</summary>
    internal static async Task AssertNothingStoredAsync(GenServiceFactory factory)
    {
        var datasets = Path.Combine(factory.DataDirectory, "datasets");
        Assert.True(!Directory.Exists(datasets) || !Directory.EnumerateFileSystemEntries(datasets).Any(), "dataset files were left behind");
        AssertNoStagingLeft(factory);
        using var scope = factory.Services.CreateScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<GenServiceDbContext>().Datasets.CountAsync());
    }

    private static GenService.ML.Datasets.DatasetTensors LoadStored(GenServiceFactory factory, Guid id) =>
        factory.GetService<DatasetLoader>().Load(StorageLayout.Dataset(id));

    private static async Task<Guid> AddRunAsync(GenServiceFactory factory, Guid datasetId, TrainingRunStatus status)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        var now = DateTime.UtcNow;
        var model = new GenerativeModel
        {
            Id = Guid.NewGuid(),
            AccountId = Account.OperatorId,
            Name = $"vae-{Guid.NewGuid():N}",
            Version = 1,
            Architecture = "vae",
            DatasetId = datasetId,
            Status = ModelStatus.Training,
            Channels = 1,
            ImageHeight = 28,
            ImageWidth = 28,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var run = new TrainingRun
        {
            Id = Guid.NewGuid(),
            AccountId = Account.OperatorId,
            ModelId = model.Id,
            DatasetId = datasetId,
            Architecture = "vae",
            Status = status,
            TotalSteps = 10,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Models.Add(model);
        db.TrainingRuns.Add(run);
        await db.SaveChangesAsync();
        return run.Id;
    }

    private static async Task SetRunStatusAsync(GenServiceFactory factory, Guid runId, TrainingRunStatus status)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        var run = await db.TrainingRuns.SingleAsync(r => r.Id == runId);
        run.Status = status;
        await db.SaveChangesAsync();
    }
}
