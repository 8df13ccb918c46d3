using System.Globalization;
using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Models;

/// <summary>A tiny ×2 SRResNet (Fashion-MNIST, one channel) and a tiny VAE trained through the API, shared by a test class.</summary>
public sealed class TrainedSrResNetFixture : IAsyncLifetime
{
    /// <summary>64x64: small enough that a test can send an image over it cheaply.</summary>
    public const int MaxSuperResolvePixels = 4096;

    /// <summary>The narrowest generator, a couple of steps: the tests check shapes and channels, not quality.</summary>
    private static readonly object TinySrResNet = new { scale = "x2", channels = 4, residual_blocks = 1, crop_size = 16, batch_size = 2, steps = 2 };

    public GenServiceFactory Factory { get; } = new() { Settings = { ["Inference:MaxSuperResolvePixels"] = MaxSuperResolvePixels.ToString(CultureInfo.InvariantCulture) } };

    public HttpClient Client { get; private set; } = null!;

    public Guid ModelId { get; private set; }

    public Guid VaeId { get; private set; }

    public async Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        var dataset = await Client.ImportFashionMnistAsync(limit: 16);
        var run = await Client.StartRunAsync(dataset, TinySrResNet, architecture: "srresnet");
        var finished = await Client.WaitForRunAsync(run["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed");
        Assert.True("Succeeded" == finished["status"]!.GetValue<string>(), finished.ToJsonString());
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
