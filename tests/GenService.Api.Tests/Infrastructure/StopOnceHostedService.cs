using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GenService.Api.Tests.Infrastructure;

/// <summary>
/// A hosted service that stops once: a second <see cref="StopAsync"/>, from any thread, awaits the first. A test host
/// is stopped twice at once (dotnet/aspnetcore#40271): WebApplicationFactory's Dispose stops it, and that wakes
/// Program's RunAsync, which stops it too and then disposes it. Hangfire's job server is not safe against that: when
/// one stop has disposed the server, the other's wait on it throws ArgumentNullException ("waitHandle") out of the
/// factory's Dispose, failing whichever test it ends.
/// </summary>
internal sealed class StopOnceHostedService(IHostedService inner) : IHostedService, IDisposable
{
    private readonly Lock gate = new();
    private Task? stopping;

    /// <summary>Wraps every Hangfire job server the service registers; other hosted services stay as they are.</summary>
    public static void WrapJobServers(IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType != typeof(IHostedService) || descriptor.IsKeyedService || descriptor.ImplementationFactory is not { } create)
                continue;
            services[i] = new ServiceDescriptor(typeof(IHostedService), provider => create(provider) switch
            {
                BackgroundJobServerHostedService server => new StopOnceHostedService(server),
                var other => other,
            }, descriptor.Lifetime);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => inner.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (gate)
            return stopping ??= inner.StopAsync(cancellationToken);
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
