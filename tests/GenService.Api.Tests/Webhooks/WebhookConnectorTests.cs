using System.Net;
using GenService.Api.Tests.Generations;
using GenService.Api.Webhooks;

namespace GenService.Api.Tests.Webhooks;

/// <summary>
/// The check made when a webhook's connection is opened, with names resolved by a stub: a name that resolves to
/// an internal address (as after DNS rebinding) is refused before a socket exists. Calls that do go through
/// the HTTP client only ever point at loopback addresses, so a broken check could not send anything elsewhere.
/// </summary>
public class WebhookConnectorTests
{
    [Theory]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("0.0.0.0", "unspecified")]
    public async Task ANameResolvingToAnInternalAddressIsRefused(string address, string rule)
    {
        var connector = new WebhookConnector(new WebhookDestinationPolicy([]), new StubHostResolver("hooks.example.test", address));

        var refused = await Assert.ThrowsAsync<WebhookDestinationRefusedException>(() => connector.ChooseAddressAsync("hooks.example.test", CancellationToken.None));
        Assert.Contains(rule, refused.Message);
        Assert.Contains("hooks.example.test", refused.Message);
    }

    [Fact]
    public async Task TheFirstAllowedAddressIsChosenAndRefusedOnesAreSkipped()
    {
        var policy = new WebhookDestinationPolicy([IPNetwork.Parse("127.0.0.1/32")]);
        var connector = new WebhookConnector(policy, new StubHostResolver("hooks.example.test", "10.0.0.1", "::1", "127.0.0.1"));

        Assert.Equal(IPAddress.Loopback, await connector.ChooseAddressAsync("hooks.example.test", CancellationToken.None));
    }

    [Theory]
    [InlineData("[::1]")]
    [InlineData("169.254.169.254")]
    public async Task AnAddressInTheUrlIsCheckedWithoutResolving(string host)
    {
        var connector = new WebhookConnector(new WebhookDestinationPolicy([]), new StubHostResolver(new Dictionary<string, IPAddress[]>()));

        await Assert.ThrowsAsync<WebhookDestinationRefusedException>(() => connector.ChooseAddressAsync(host, CancellationToken.None));
    }

    [Fact]
    public async Task ARefusedCallNeverReachesTheReceiver()
    {
        await using var receiver = await WebhookReceiver.StartAsync(204);
        using var client = Client(new WebhookDestinationPolicy([]), new StubHostResolver("rebound.example.test", "127.0.0.1", "::1"));

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(receiver.UrlFor("rebound.example.test"), new StringContent("{}")));

        Assert.IsType<WebhookDestinationRefusedException>(failure.InnerException);
        Assert.Empty(receiver.Calls);
    }

    [Fact]
    public async Task AnAllowedNameIsCalledAtTheAddressTheConnectorChose()
    {
        await using var receiver = await WebhookReceiver.StartAsync(204);
        using var client = Client(new WebhookDestinationPolicy([IPNetwork.Parse("127.0.0.1/32")]), new StubHostResolver("hooks.example.test", "127.0.0.1"));

        var response = await client.PostAsync(receiver.UrlFor("hooks.example.test"), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Single(receiver.Calls);
    }

    private static HttpClient Client(WebhookDestinationPolicy policy, IHostAddressResolver resolver) =>
        new(new SocketsHttpHandler { UseProxy = false, ConnectCallback = new WebhookConnector(policy, resolver).ConnectAsync });
}
