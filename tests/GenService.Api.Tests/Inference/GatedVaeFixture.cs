using GenService.Api.Inference;
using GenService.Api.Tests.Infrastructure;
using GenService.ML.Families;
using GenService.ML.Families.Vae;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GenService.Api.Tests.Inference;

/// <summary>A tiny VAE trained through the API in a host whose models pass through a <see cref="ModelGate"/>.</summary>
public abstract class GatedVaeFixture : IAsyncLifetime
{
    protected GatedVaeFixture(IReadOnlyDictionary<string, string?> settings)
    {
        Factory = new GatedFactory(Gate);
        foreach (var (key, value) in settings)
            Factory.Settings[key] = value;
    }

    public ModelGate Gate { get; } = new();

    public GenServiceFactory Factory { get; }

    public HttpClient Client { get; private set; } = null!;

    public Guid ModelId { get; private set; }

    public InferenceStatistics Statistics => Factory.GetService<InferenceEngine>().Statistics;

    public async Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        (_, ModelId) = await Client.TrainTinyVaeAsync();
    }

    public Task DisposeAsync()
    {
        Gate.Open();
        Client.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Polls until the condition holds, or fails the test after five seconds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out waiting until {what}.");
            await Task.Delay(10);
        }
    }

    private sealed class GatedFactory(ModelGate gate) : GenServiceFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<IModelFamily>();
                services.AddSingleton<IModelFamily>(new GatedVaeFamily(gate));
            });
        }
    }
}

public sealed class BatchingFixture() : GatedVaeFixture(new Dictionary<string, string?>
{
    ["Inference:QueueCapacity"] = "64",
    ["Inference:MaxBatchSize"] = "32",
    ["Inference:MaxBatchDelay"] = "00:00:00.020",
    ["Inference:MicroBatchSize"] = "8",
});

/// <summary>One request at a time and a queue of one, so a test can fill it; a short deadline.</summary>
public sealed class BackpressureFixture() : GatedVaeFixture(new Dictionary<string, string?>
{
    ["Inference:QueueCapacity"] = "1",
    ["Inference:MaxBatchSize"] = "1",
    ["Inference:MaxBatchDelay"] = "00:00:00",
    ["Inference:RequestTimeout"] = "00:00:03",
    ["Inference:RetryAfter"] = "00:00:02",
});

/// <summary>The shipped inference settings (appsettings.json).</summary>
public sealed class AdmissionFixture() : GatedVaeFixture(new Dictionary<string, string?>());
