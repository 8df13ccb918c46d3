using System.Net;

namespace GenService.Api.Webhooks;

/// <summary>
/// Which addresses a webhook may be delivered to: none of the service's own machine, of the networks it sits
/// in, or of the cloud's metadata service (169.254.169.254), so that a webhook URL cannot be used to reach
/// what the internet cannot. An operator may allow ranges (Generations:WebhookAllowedNetworks), e.g. a
/// receiver on the same private network.
/// </summary>
public sealed class WebhookDestinationPolicy(IReadOnlyList<IPNetwork> allowedNetworks)
{
    private static readonly (IPNetwork Network, string Rule)[] RefusedNetworks =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified address"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private address"),
        (IPNetwork.Parse("100.64.0.0/10"), "a shared (carrier-grade NAT) address"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback address"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local address"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private address"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private address"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast address"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved or broadcast address"),
        (IPNetwork.Parse("::/128"), "an unspecified address"),
        (IPNetwork.Parse("::1/128"), "a loopback address"),
        (IPNetwork.Parse("fc00::/7"), "a private (unique local) address"),
        (IPNetwork.Parse("fe80::/10"), "a link-local address"),
        (IPNetwork.Parse("ff00::/8"), "a multicast address"),
    ];

    /// <returns>Why a webhook may not be delivered to the address (the rule and its range), or null when it may.</returns>
    public string? WhyRefused(IPAddress address)
    {
        // ::ffff:a.b.c.d reaches the IPv4 address a.b.c.d, so it is judged as that address.
        var judged = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (allowedNetworks.Any(network => network.Contains(judged) || network.Contains(address)))
            return null;
        foreach (var (network, rule) in RefusedNetworks)
        {
            if (network.Contains(judged))
                return $"{address} is {rule} ({network})";
        }
        return null;
    }
}
