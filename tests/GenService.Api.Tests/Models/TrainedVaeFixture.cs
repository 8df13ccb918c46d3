using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Models;

/// <summary>One tiny VAE trained through the API, shared by a test class.</summary>
public sealed class TrainedVaeFixture : IAsyncLifetime
{
    public GenServiceFactory Factory { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public Guid ModelId { get; private set; }

    public Guid DatasetId { get; private set; }

    public async Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        DatasetId = await Client.ImportFashionMnistAsync(limit: 120);
        var run = await Client.StartRunAsync(DatasetId, new { steps = 20, batch_size = 16, latent_dim = 4, base_channels = 8 });
        var finished = await Client.WaitForRunAsync(run["id"]!.GetValue<Guid>(), TimeSpan.FromMinutes(3), "Succeeded", "Failed");
        Assert.Equal("Succeeded", finished["status"]!.GetValue<string>());
        ModelId = finished["modelId"]!.GetValue<Guid>();
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }
}
