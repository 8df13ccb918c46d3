using System.Net;
using System.Net.Sockets;

namespace GenService.Api.Webhooks;

/// <summary>
/// Opens the connections of webhook calls (the <see cref="SocketsHttpHandler.ConnectCallback"/> of their
/// HTTP client). It resolves the host itself and connects to an address it has checked, so a name that
/// resolved to a public address when the URL was given and resolves to an internal one now (DNS rebinding)
/// is refused before any packet is sent to it.
/// </summary>
public sealed class WebhookConnector(WebhookDestinationPolicy policy, IHostAddressResolver resolver)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var address = await ChooseAddressAsync(context.DnsEndPoint.Host, cancellationToken);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <returns>The first address of the host that the policy allows; addresses it refuses are skipped.</returns>
    /// <exception cref="WebhookDestinationRefusedException">Every address of the host is refused.</exception>
    public async Task<IPAddress> ChooseAddressAsync(string host, CancellationToken cancellationToken)
    {
        var literal = host.TrimStart('[').TrimEnd(']');
        var addresses = IPAddress.TryParse(literal, out var address) ? [address] : await resolver.ResolveAsync(host, cancellationToken);
        var refusals = new List<string>();
        foreach (var candidate in addresses)
        {
            if (policy.WhyRefused(candidate) is not { } refusal)
                return candidate;
            refusals.Add(refusal);
        }
        if (refusals.Count == 0)
            throw new SocketException((int)SocketError.HostNotFound);
        throw new WebhookDestinationRefusedException($"Refused to connect to {host}: {string.Join("; ", refusals)}; webhooks are delivered to public addresses only");
    }
}
