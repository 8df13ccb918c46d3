using System.Net;
using System.Net.Sockets;
using GenService.Api.Webhooks;

namespace GenService.Api.Tests.Webhooks;

/// <summary>A resolver that knows only the names it is given: a test makes a name resolve to any address
/// without asking DNS, and so without any packet leaving the machine.</summary>
public sealed class StubHostResolver(Dictionary<string, IPAddress[]> names) : IHostAddressResolver
{
    public StubHostResolver(string name, params string[] addresses)
        : this(new Dictionary<string, IPAddress[]> { [name] = addresses.Select(IPAddress.Parse).ToArray() })
    {
    }

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        names.TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : throw new SocketException((int)SocketError.HostNotFound);
}
