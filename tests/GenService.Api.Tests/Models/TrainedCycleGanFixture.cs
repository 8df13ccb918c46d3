using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Models;

/// <summary>A tiny CycleGAN (Fashion-MNIST sneakers ↔ sandals, 28x28) and a tiny pix2pix trained through the API, shared by a test class.</summary>
public sealed class TrainedCycleGanFixture : IAsyncLifetime
{
    /// <summary>Enough Fashion-MNIST images that the held-out share (30 % here) holds sneakers (7) and sandals (5), the default domains.</summary>
    public const int DatasetItems = 200;

    /// <summary>Item 6 is a sneaker, of domain A.</summary>
    public const int Sneaker = 6;

    /// <summary>As TinyCycleGan in the ML tests: a few steps of narrow networks with one residual block.</summary>
    private static readonly object TinyCycleGan = new { steps = 3, base_channels = 4, residual_blocks = 1, batch_size = 2, pool_size = 2 };

    private static readonly object TinyPix2Pix = new { pairs = "edges", steps = 2, base_channels = 4, batch_size = 2 };

    public GenServiceFactory Factory { get; } = new() { Settings = { ["Training:ValidationFraction"] = "0.3" } };

    public HttpClient Client { get; private set; } = null!;

    public Guid DatasetId { get; private set; }

    public Guid ModelId { get; private set; }

    public Guid Pix2PixId { get; private set; }

    public async Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        DatasetId = await Client.ImportFashionMnistAsync(limit: DatasetItems);
        ModelId = await TrainAsync(TinyCycleGan, "cyclegan");
        Pix2PixId = await TrainAsync(TinyPix2Pix, "pix2pix");
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }

    private async Task<Guid> TrainAsync(object hyperparameters, string architecture)
    {
        var run = await Client.StartRunAsync(DatasetId, hyperparameters, architecture: architecture);
        var finished = await Client.WaitForRunAsync(run["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed");
        Assert.True(finished["status"]!.GetValue<string>() == "Succeeded", finished.ToJsonString());
        return finished["modelId"]!.GetValue<Guid>();
    }
}
