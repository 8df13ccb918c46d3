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
        (DatasetId, ModelId) = await Client.TrainTinyVaeAsync();
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }
}
