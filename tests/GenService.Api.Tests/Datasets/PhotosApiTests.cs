using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Infrastructure;
using GenService.Api.Tests.Infrastructure;
using GenService.ML.Datasets;
using SkiaSharp;

namespace GenService.Api.Tests.Datasets;

public class PhotosApiTests
{
    [Theory, DatabaseProviders]
    public async Task UploadedPhotosKeepTheirOwnSizesAndTheHeldOutFolder(DatabaseProvider provider)
    {
        using var factory = new GenServiceFactory(provider);
        using var client = factory.CreateClient();
        var zip = TestArchives.Zip(
            ("trip/train/astronaut.png", TestArchives.Photo("astronaut.png")),
            ("trip/train/coffee.png", TestArchives.Photo("coffee.png")),
            ("trip/held-out/chelsea.png", TestArchives.Photo("chelsea.png")));

        var response = await client.PostAsync("/v1/datasets", TestArchives.Form(zip, "trip.zip", kind: "photos"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dataset = await response.ReadJsonObjectAsync();
        Assert.Equal("photos", dataset["kind"]!.GetValue<string>());
        Assert.Equal("upload", dataset["source"]!.GetValue<string>());
        Assert.Equal(3, dataset["itemCount"]!.GetValue<int>());
        Assert.Equal(3, dataset["channels"]!.GetValue<int>());
        Assert.Equal((300, 451), (dataset["imageHeight"]!.GetValue<int>(), dataset["imageWidth"]!.GetValue<int>())); // the smallest sides
        var id = dataset["id"]!.GetValue<Guid>();
        using (var photos = PhotoFile.Read(Path.Combine(factory.DataDirectory, "datasets", id.ToString("N"))))
        {
            // In ordinal order of their entry names: held-out/chelsea, train/astronaut, train/coffee.
            Assert.Equal([(300, 451), (512, 512), (400, 600)], photos.Photos.Select(p => (p.Height, p.Width)));
            Assert.Equal([true, false, false], photos.Photos.Select(p => p.HeldOut));
        }
        var listed = (await client.GetFromJsonAsync<JsonArray>("/v1/datasets"))!.Single()!;
        Assert.Equal("photos", listed["kind"]!.GetValue<string>());

        var preview = await client.GetAsync($"/v1/datasets/{id}/preview?columns=3");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        using var grid = SKBitmap.Decode(await preview.Content.ReadAsByteArrayAsync());
        Assert.Equal((3 * 130 + 2, 130 + 2), (grid.Width, grid.Height)); // thumbnails fitted into 128 px cells
        DatasetsApiTests.AssertNoStagingLeft(factory);
    }

    [Fact]
    public async Task PhotosOverThePixelLimitAreScaledDownKeepingTheirAspect()
    {
        using var factory = new GenServiceFactory();
        factory.Settings["Datasets:MaxPhotoPixels"] = "10000";
        using var client = factory.CreateClient();
        var zip = TestArchives.Zip(("coffee.png", TestArchives.Photo("coffee.png")), ("small.png", TestArchives.Solid(9, 9, 9)));

        var dataset = await (await client.PostAsync("/v1/datasets", TestArchives.Form(zip, kind: "photos"))).ReadJsonObjectAsync();

        using var photos = PhotoFile.Read(Path.Combine(factory.DataDirectory, "datasets", dataset["id"]!.GetValue<Guid>().ToString("N")));
        Assert.Equal([(81, 122), (10, 12)], photos.Photos.Select(p => (p.Height, p.Width))); // 600×400 scaled by √(10000 / 240000)
    }

    [Fact]
    public async Task PhotoFoldersOtherThanTrainAndHeldOutAreRefused()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();
        var zip = TestArchives.Zip(("train/a.png", TestArchives.Solid(1, 2, 3)), ("cats/b.png", TestArchives.Solid(1, 2, 3)));

        var response = await client.PostAsync("/v1/datasets", TestArchives.Form(zip, kind: "photos"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "'cats/'");
        await DatasetsApiTests.AssertNothingStoredAsync(factory);
    }

    [Theory, DatabaseProviders]
    public async Task DebianPhotosImportHoldsOutWholeFiles(DatabaseProvider provider)
    {
        using var factory = new GenServiceFactory(provider);
        // Only python3-skimage, which the tests install; the wallpapers add ten more photos where present.
        factory.Settings["Datasets:WallpapersDirectory"] = Path.Combine(factory.DataDirectory, "no-wallpapers");
        factory.Settings["Datasets:MaxPhotoPixels"] = "40000";
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/v1/datasets/photos", null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dataset = await response.ReadJsonObjectAsync();
        Assert.Equal(("debian-photos", "photos"), (dataset["name"]!.GetValue<string>(), dataset["kind"]!.GetValue<string>()));
        Assert.Equal("debian-photos", dataset["source"]!.GetValue<string>());
        Assert.Equal(7, dataset["itemCount"]!.GetValue<int>());
        using var photos = PhotoFile.Read(Path.Combine(factory.DataDirectory, "datasets", dataset["id"]!.GetValue<Guid>().ToString("N")));
        Assert.Equal(["chelsea.png", "coffee.png"], photos.Photos.Where(p => p.HeldOut).Select(p => p.Name));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/datasets/{dataset["id"]}/preview")).StatusCode);
    }

    [Fact]
    public async Task DebianPhotosWithoutEitherPackageIs404NamingThem()
    {
        using var factory = new GenServiceFactory();
        factory.Settings["Datasets:SkimageDataDirectory"] = Path.Combine(factory.DataDirectory, "no-skimage");
        factory.Settings["Datasets:WallpapersDirectory"] = Path.Combine(factory.DataDirectory, "no-wallpapers");
        using var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/v1/datasets/photos", new { name = "mine" });

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "apt-get install python3-skimage plasma-workspace-wallpapers");
        await DatasetsApiTests.AssertNothingStoredAsync(factory);
    }
}
