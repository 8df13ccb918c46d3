using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Models;

/// <summary>A tiny VAE trained through the API with a checkpoint every 10 of its 20 steps; small
/// batches and quick webhook retries for the generation tests.</summary>
public sealed class CheckpointedVaeFixture : IAsyncLifetime
{
    public GenServiceFactory Factory { get; } = new()
    {
        Settings =
        {
            ["Training:CheckpointEvery"] = "10",
            ["Inference:MaxBatchSize"] = "8",
            ["Generations:MaxImages"] = "100",
            ["Generations:WebhookAttempts"] = "3",
            ["Generations:WebhookFirstRetryDelay"] = "00:00:00.050",
        },
    };

    public HttpClient Client { get; private set; } = null!;

    public Guid ModelId { get; private set; }

    public async Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        (_, ModelId) = await Client.TrainTinyVaeAsync();
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }
}
