using System.Net;
using GenService.Api.Tests.Infrastructure;
using GenService.Api.Tests.Webhooks;
using GenService.Api.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace GenService.Api.Tests.Models;

/// <summary>A tiny VAE trained through the API with a checkpoint every 10 of its 20 steps; small
/// batches and quick webhook retries for the generation tests. Webhooks may go to 127.0.0.1, where the tests'
/// receivers listen, and to two names a stub resolves: <see cref="HooksHost"/> (127.0.0.1) and
/// <see cref="ReboundHost"/> (other loopback addresses, which stay refused).</summary>
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
            ["Generations:WebhookAllowedNetworks:0"] = "127.0.0.1/32",
        },
        TestServices = services => services.AddSingleton<IHostAddressResolver>(new StubHostResolver(new Dictionary<string, IPAddress[]>
        {
            [HooksHost] = [IPAddress.Loopback],
            [ReboundHost] = [IPAddress.Parse("127.0.0.2"), IPAddress.IPv6Loopback],
        })),
    };

    public const string HooksHost = "hooks.test";

    public const string ReboundHost = "rebound.test";

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
