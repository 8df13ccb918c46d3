using System.Net;

namespace GenService.Api.Webhooks;

/// <summary>Turns a host name into addresses. The system's DNS in the service; tests give names the addresses they need.</summary>
public interface IHostAddressResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}
