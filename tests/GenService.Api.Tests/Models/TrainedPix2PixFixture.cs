using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Models;

/// <summary>A tiny pix2pix (Fashion-MNIST edges to images, 32x32) and a tiny VAE trained through the API, shared by a test class.</summary>
public sealed class TrainedPix2PixFixture : IAsyncLifetime
{
    /// <summary>Small enough that a test can send an upload over it cheaply.</summary>
    public const int MaxImageUploadBytes = 64 * 1024;

    public const int DatasetItems = 40;

    /// <summary>As TinyPix2Pix in the ML tests: a few steps of the narrowest U-Net.</summary>
    private static readonly object TinyPix2Pix = new { pairs = "edges", steps = 3, base_channels = 4, batch_size = 2 };

    public GenServiceFactory Factory { get; } = new() { Settings = { ["Inference:MaxImageUploadBytes"] = MaxImageUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) } };

    public HttpClient Client { get; private set; } = null!;

    public Guid ModelId { get; private set; }

    public Guid VaeId { get; private set; }

    public async Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        var dataset = await Client.ImportFashionMnistAsync(limit: DatasetItems);
        var run = await Client.StartRunAsync(dataset, TinyPix2Pix, architecture: "pix2pix");
        var finished = await Client.WaitForRunAsync(run["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed");
        Assert.Equal("Succeeded", finished["status"]!.GetValue<string>());
        ModelId = finished["modelId"]!.GetValue<Guid>();
        (_, VaeId) = await Client.TrainTinyVaeAsync();
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }
}
