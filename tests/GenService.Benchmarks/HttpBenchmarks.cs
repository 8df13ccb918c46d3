using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace GenService.Benchmarks;

/// <summary>The whole service on a real loopback socket: a VAE trained through the API, then sampled by
/// concurrent clients (each request one PNG image, the way an HTTP client would use it).</summary>
public static class HttpBenchmarks
{
    public static async Task<IReadOnlyList<Measurement>> RunAsync(BenchmarkSettings settings)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("genservice-bench-").FullName;
        // Outside a test project the factory cannot locate the service's folder; its settings file
        // is copied next to this program, which is all the content root needs.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_GENSERVICE_API", AppContext.BaseDirectory);
        using var host = new BenchmarkHost(dataDirectory);
        host.UseKestrel(0);
        host.StartServer();
        using var client = host.CreateClient();
        var results = new List<Measurement>();
        try
        {
            var modelId = await TrainModelAsync(client);
            foreach (var (count, label) in new[] { (1, "1 image per request (PNG)"), (64, "64-image grid per request (PNG)") })
            {
                foreach (var clients in settings.HttpClients)
                {
                    var requests = count == 1 ? settings.HttpRequests : Math.Max(clients, settings.HttpRequests / 16);
                    var (imagesPerSecond, p50, p95) = await LoadAsync(client, modelId, count, clients, requests);
                    results.Add(new Measurement($"VAE sampling over HTTP, {label}, {clients} clients", imagesPerSecond,
                        $"{requests} requests, p50 {p50:F1} ms, p95 {p95:F1} ms"));
                }
            }
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        return results;
    }

    private static async Task<Guid> TrainModelAsync(HttpClient client) => await ServiceTraining.TrainAsync(
        client, await client.PostAsJsonAsync("/v1/datasets/fashion-mnist", new { limit = 2000 }), "vae", steps: 100, TimeSpan.FromHours(1));

    private static async Task<(double ImagesPerSecond, double P50, double P95)> LoadAsync(HttpClient client, Guid modelId, int count, int clients, int requests)
    {
        var latencies = new List<double>(requests);
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.PostAsJsonAsync($"/v1/models/{modelId}/samples", new { count, seed = next * count });
                await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync();
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies)
                    latencies.Add(elapsed);
            }
        }));
        var seconds = watch.Elapsed.TotalSeconds;
        latencies.Sort();
        return (requests * count / seconds, latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.95)]);
    }

    private sealed class BenchmarkHost(string dataDirectory) : KeyedServiceHost
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Storage:DataDirectory", dataDirectory);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            // The evaluation a finished run starts (a feature network's training) would run beside the measurement.
            builder.UseSetting("Evaluation:AfterTraining", "false");
        }
    }
}
