using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GenService.Benchmarks;

/// <summary>The service hosted for a benchmark, with an admin key of its own that every client it makes sends,
/// as every /v1 route needs a key.</summary>
public abstract class KeyedServiceHost : WebApplicationFactory<Program>
{
    private const string AdminKey = "gs_benchmark-admin-key-of-the-hosted-service00";

    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseSetting("Auth:AdminKey", AdminKey);

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }
}
