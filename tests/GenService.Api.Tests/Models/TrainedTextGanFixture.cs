using System.Net.Http.Json;
using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Models;

/// <summary>A tiny textgan trained through the API on a few built-in Fashion-MNIST captions, shared by a test class.</summary>
public sealed class TrainedTextGanFixture : IAsyncLifetime
{
    /// <summary>As TinyTextGan in the ML tests: one step a phase of narrow networks.</summary>
    public static readonly object TinyTextGan = new { steps = 3, batch_size = 4, latent_dim = 8, condition_dim = 8, text_dim = 16, base_channels = 4, stage2_channels = 4 };

    public GenServiceFactory Factory { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public Guid ModelId { get; private set; }

    public async Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        var imported = await Client.PostAsJsonAsync("/v1/datasets/fashion-mnist-captions", new { limit = 8, heldOutLimit = 4, captionsPerImage = 2 });
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        var datasetId = (await imported.ReadJsonObjectAsync())["id"]!.GetValue<Guid>();
        var run = await Client.StartRunAsync(datasetId, TinyTextGan, architecture: "textgan");
        var finished = await Client.WaitForRunAsync(run["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed");
        Assert.True("Succeeded" == finished["status"]!.GetValue<string>(), finished.ToJsonString());
        ModelId = finished["modelId"]!.GetValue<Guid>();
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }
}
