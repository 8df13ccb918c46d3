using System.Text.Json.Nodes;
using GenService.Api.Tests.Infrastructure;

namespace GenService.Api.Tests.Evaluation;

/// <summary>A tiny VAE trained through the API with checkpoints at steps 10 and 20, evaluated automatically
/// when its run succeeded (which trains the dataset's feature network first). Shared by a test class.</summary>
public sealed class EvaluatedVaeFixture : IAsyncLifetime
{
    public GenServiceFactory Factory { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public Guid ModelId { get; private set; }

    public Guid DatasetId { get; private set; }

    public Guid RunId { get; private set; }

    /// <summary>The evaluation made when training succeeded.</summary>
    public JsonObject Automatic { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory.Settings["Evaluation:AfterTraining"] = "true";
        Factory.Settings["Training:CheckpointEvery"] = "10";
        Client = Factory.CreateClient();
        DatasetId = await Client.ImportFashionMnistAsync(limit: 120);
        var run = await Client.StartRunAsync(DatasetId, new { steps = 20, batch_size = 16, latent_dim = 4, base_channels = 8 });
        RunId = run["id"]!.GetValue<Guid>();
        var finished = await Client.WaitForRunAsync(RunId, TimeSpan.FromMinutes(3), "Succeeded", "Failed");
        Assert.Equal("Succeeded", finished["status"]!.GetValue<string>());
        ModelId = finished["modelId"]!.GetValue<Guid>();
        Automatic = await Client.WaitForEvaluationAsync(ModelId, TimeSpan.FromMinutes(3));
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }
}
