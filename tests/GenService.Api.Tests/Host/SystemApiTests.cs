using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using GenService.Api.Infrastructure;
using GenService.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GenService.Api.Tests.Host;

public class SystemApiTests
{
    [Theory, DatabaseProviders]
    public async Task ReportsVersionDevicesAndStorageBackends(DatabaseProvider provider)
    {
        using var factory = new GenServiceFactory(provider);
        using var client = factory.CreateClient();

        var system = await client.GetFromJsonAsync<JsonObject>("/v1/system");

        Assert.False(string.IsNullOrEmpty(system!["version"]!.GetValue<string>()));
        Assert.Equal("0.107.0", system["torch"]!["torchSharpVersion"]!.GetValue<string>());
        Assert.True(system["torch"]!["batchInvariant"]!.GetValue<bool>());
        Assert.Contains(system["devices"]!.AsArray(), d => d!["name"]!.GetValue<string>() == "cpu");
        var expected = provider == DatabaseProvider.Postgres ? ("postgres", "postgres") : ("sqlite", "in-memory");
        Assert.Equal(expected, (system["storage"]!["database"]!.GetValue<string>(), system["storage"]!["jobs"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ListsArchitecturesWithTheirHyperparameters()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();

        var architectures = await client.GetFromJsonAsync<JsonArray>("/v1/architectures");

        var vae = Assert.Single(architectures!, a => a!["architecture"]!.GetValue<string>() == "vae")!;
        var steps = Assert.Single(vae["hyperparameters"]!.AsArray(), h => h!["name"]!.GetValue<string>() == "steps")!;
        Assert.True(steps["isInteger"]!.GetValue<bool>());
        Assert.True(steps["minimum"]!.GetValue<double>() <= steps["default"]!.GetValue<double>());
    }

    [Fact]
    public async Task ListsWhatEachArchitectureDoesAndTrainsOn()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();

        var architectures = (await client.GetFromJsonAsync<JsonArray>("/v1/architectures"))!.ToDictionary(a => a!["architecture"]!.GetValue<string>());

        string[] Names(string architecture, string list) => architectures[architecture]![list]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        Assert.Equal(["sample", "reconstruct", "interpolate"], Names("vae", "capabilities"));
        Assert.Equal(["sample", "interpolate"], Names("dcgan", "capabilities"));
        Assert.Equal(["sample", "interpolate"], Names("progan", "capabilities"));
        Assert.Equal(["sample", "interpolate", "style-operations"], Names("stylegan", "capabilities"));
        string[] superResolution = ["srresnet", "srgan"];
        Assert.All(superResolution, architecture => Assert.Equal(["images", "photos"], Names(architecture, "datasetKinds")));
        Assert.Equal(["images", "pairs", "labelmaps"], Names("pix2pix", "datasetKinds"));
        Assert.Equal(["translate", "translate-both-ways"], Names("cyclegan", "capabilities"));
        Assert.Equal(["images", "labelmaps"], Names("cyclegan", "datasetKinds"));
        Assert.Equal(["label-map-to-image"], Names("spade", "capabilities"));
        Assert.Equal(["labelmaps"], Names("spade", "datasetKinds"));
        Assert.Equal(["text-to-image"], Names("textgan", "capabilities"));
        Assert.Equal(["captions"], Names("textgan", "datasetKinds"));
        Assert.Equal(["forecast-trajectories"], Names("socialgan", "capabilities"));
        Assert.Equal(["trajectories"], Names("socialgan", "datasetKinds"));
        Assert.All(architectures.Keys.Except(superResolution).Except(["pix2pix", "cyclegan", "spade", "textgan", "socialgan"]), architecture => Assert.Equal(["images"], Names(architecture, "datasetKinds")));
    }

    [Fact]
    public async Task LivenessAndReadinessAnswerWhenTheDatabaseIsUp()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [PostgresFact]
    public async Task ReadinessFailsWhenTheDatabaseIsUnreachable()
    {
        using var factory = new GenServiceFactory(DatabaseProvider.Postgres);
        // As a probe asks: with no key, which the service would look up in the database it cannot reach.
        using var client = factory.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        PostgresServer.DropDatabase(new Npgsql.NpgsqlConnectionStringBuilder(factory.PostgresConnectionString).Database!);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task UnknownRoutesAnswerWithProblemDetails()
    {
        using var factory = new GenServiceFactory();
        using var client = factory.CreateClient();

        await (await client.GetAsync("/v1/nothing-here")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("127.0.0.1", null, HttpStatusCode.OK)]
    [InlineData("203.0.113.9", null, HttpStatusCode.Unauthorized)]
    [InlineData("203.0.113.9", "admin:wrong", HttpStatusCode.Unauthorized)]
    [InlineData("203.0.113.9", "admin:s3cret", HttpStatusCode.OK)]
    public async Task TheJobDashboardIsClosedToRemoteAnonymousUsers(string remoteAddress, string? credentials, HttpStatusCode expected)
    {
        using var factory = new RemoteClientFactory(IPAddress.Parse(remoteAddress));
        factory.Settings["Dashboard:Username"] = "admin";
        factory.Settings["Dashboard:Password"] = "s3cret";
        using var client = factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        if (credentials is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));

        var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    /// <summary>The test server has no network peer; this one pretends requests come from an address.</summary>
    private sealed class RemoteClientFactory(IPAddress remoteAddress) : GenServiceFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new RemoteAddressStartupFilter(remoteAddress)));
        }
    }

    private sealed class RemoteAddressStartupFilter(IPAddress remoteAddress) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = remoteAddress;
                context.Connection.LocalIpAddress = IPAddress.Parse("10.0.0.1");
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
