using System.Text;
using GenService.Api.Tests.Datasets;
using GenService.Api.Tests.Infrastructure;
using SkiaSharp;

namespace GenService.Api.Tests.Models;

/// <summary>A tiny SPADE trained through the API on an uploaded 32-pixel label-map dataset (three classes and a "don't
/// care" index), and a tiny pix2pix to be refused, shared by a test class.</summary>
public sealed class TrainedSpadeFixture : IAsyncLifetime
{
    public const int Size = 32;
    /// <summary>Enough for a held-out split of two maps, the fewest a Fréchet distance compares.</summary>
    public const int Items = 10;

    public const string ClassesJson =
        """{"classes": [{"index": 0, "name": "sky", "colour": "#78c8ff"}, {"index": 1, "name": "sea", "colour": "#1e46b4"}, {"index": 2, "name": "rock", "colour": "#787878"}], "dontCare": 255}""";

    public static readonly (byte R, byte G, byte B)[] Colours = [(0x78, 0xc8, 0xff), (0x1e, 0x46, 0xb4), (0x78, 0x78, 0x78)];

    /// <summary>As TinySpade in the ML tests: a couple of steps of narrow networks.</summary>
    private static readonly object TinySpade = new { channels = 4, spade_hidden = 8, latent_dimension = 8, batch_size = 2, steps = 2 };

    private static readonly object TinyPix2Pix = new { pairs = "edges", steps = 1, base_channels = 4, batch_size = 2 };

    public GenServiceFactory Factory { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public Guid ModelId { get; private set; }

    public Guid Pix2PixId { get; private set; }

    public Guid LabelMapsDatasetId { get; private set; }

    public Guid ImagesDatasetId { get; private set; }

    public async Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        LabelMapsDatasetId = await UploadLabelMapsAsync(Client);
        ModelId = await TrainAsync(LabelMapsDatasetId, TinySpade, "spade");
        ImagesDatasetId = await Client.ImportFashionMnistAsync(limit: 8);
        Pix2PixId = await TrainAsync(ImagesDatasetId, TinyPix2Pix, "pix2pix");
    }

    /// <summary>Uploads <see cref="Items"/> maps of <see cref="Size"/> pixels, each image its map painted.</summary>
    /// <returns>The labelmaps dataset's id.</returns>
    public static async Task<Guid> UploadLabelMapsAsync(HttpClient client)
    {
        var entries = new List<(string, byte[])> { ("classes.json", Encoding.UTF8.GetBytes(ClassesJson)) };
        for (var i = 0; i < Items; i++)
        {
            var map = Map(Size, Size, horizon: 10 + i);
            entries.Add(($"images/{i}.png", Painted(map)));
            entries.Add(($"labels/{i}.png", IndexPng.Write(map)));
        }
        var upload = await client.PostAsync("/v1/datasets", TestArchives.Form(TestArchives.Zip([.. entries]), "scenes.zip", imageSize: Size, kind: "labelmaps"));
        Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync());
        return (await upload.ReadJsonObjectAsync())["id"]!.GetValue<Guid>();
    }

    /// <summary>Sky above the horizon, sea below it, a rock in the lower right corner, and a "don't care" bottom row if asked.</summary>
    public static byte[,] Map(int width, int height, int horizon, bool dontCareRow = true) => IndexPng.Filled(width, height, (x, y) =>
        dontCareRow && y == height - 1 ? (byte)255 : y < horizon ? (byte)0 : x > width * 2 / 3 && y > height * 2 / 3 ? (byte)2 : (byte)1);

    /// <summary>The map in the classes' colours, "don't care" in black: an RGB PNG.</summary>
    public static byte[] Painted(byte[,] map)
    {
        using var bitmap = new SKBitmap(map.GetLength(1), map.GetLength(0), SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var (r, g, b) = map[y, x] == 255 ? ((byte)0, (byte)0, (byte)0) : Colours[map[y, x]];
                bitmap.SetPixel(x, y, new SKColor(r, g, b));
            }
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }

    private async Task<Guid> TrainAsync(Guid datasetId, object hyperparameters, string architecture)
    {
        var run = await Client.StartRunAsync(datasetId, hyperparameters, architecture: architecture);
        var finished = await Client.WaitForRunAsync(run["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed");
        Assert.True("Succeeded" == finished["status"]!.GetValue<string>(), finished.ToJsonString());
        return finished["modelId"]!.GetValue<Guid>();
    }
}
