using System.Net;
using GenService.Api.Webhooks;

namespace GenService.Api.Tests.Webhooks;

/// <summary>Only classifies addresses: nothing here opens a connection.</summary>
public class WebhookDestinationPolicyTests
{
    private static readonly WebhookDestinationPolicy Default = new([]);

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.5.6.7", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("fc00::1", "private")]
    [InlineData("fd12:3456::1", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("100.127.255.254", "carrier-grade NAT")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("::ffff:0.0.0.0", "unspecified")]
    [InlineData("255.255.255.255", "broadcast")]
    public void RefusesInternalAddressesNamingTheRule(string address, string rule)
    {
        var refusal = Default.WhyRefused(IPAddress.Parse(address));

        Assert.NotNull(refusal);
        Assert.Contains(rule, refusal);
    }

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:2800:21f:cb07:6820:80da:af6b:8b2c")]
    [InlineData("::ffff:93.184.215.14")]
    public void AllowsPublicAddresses(string address) => Assert.Null(Default.WhyRefused(IPAddress.Parse(address)));

    [Fact]
    public void AnAllowedRangeIsAllowedAndNothingElse()
    {
        var policy = new WebhookDestinationPolicy([IPNetwork.Parse("10.1.0.0/16"), IPNetwork.Parse("127.0.0.1/32")]);

        Assert.Null(policy.WhyRefused(IPAddress.Parse("10.1.2.3")));
        Assert.Null(policy.WhyRefused(IPAddress.Parse("127.0.0.1")));
        Assert.Null(policy.WhyRefused(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.NotNull(policy.WhyRefused(IPAddress.Parse("10.2.0.1")));
        Assert.NotNull(policy.WhyRefused(IPAddress.Parse("127.0.0.2")));
        Assert.NotNull(policy.WhyRefused(IPAddress.Parse("::1")));
    }
}
