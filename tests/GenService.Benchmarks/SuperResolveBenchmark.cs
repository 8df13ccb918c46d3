using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Infrastructure;
using GenService.Api.Training;
using GenService.ML.Families;
using GenService.ML.Families.SuperResolution;
using GenService.ML.Imaging;
using SkiaSharp;
using static TorchSharp.torch;

namespace GenService.Benchmarks;

/// <summary>
/// The <c>super-resolve</c> command: a default srresnet (x4) trained briefly through the API on python3-skimage's
/// photos, then a 512x512 photo upscaled to 2048x2048 in-process (the model's <see cref="ISuperResolver"/>, tiled,
/// as the engine calls it) and through <c>POST /v1/models/{id}/super-resolve</c> on a loopback socket by N
/// concurrent clients; then the process's resident memory over a run of 1024x1024 requests, which tiling should
/// keep flat. Rates are output megapixels per second.
/// </summary>
public static class SuperResolveBenchmark
{
    private const string InputPhoto = "astronaut.png";

    public static async Task<IReadOnlyList<Measurement>> RunAsync(SuperResolveSettings settings)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("genservice-sr-bench-").FullName;
        // Outside a test project the factory cannot locate the service's folder; its settings file
        // is copied next to this program, which is all the content root needs.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_GENSERVICE_API", AppContext.BaseDirectory);
        var results = new List<Measurement>();
        try
        {
            using var host = new SuperResolveHost(dataDirectory, settings.PhotoDirectory);
            host.UseKestrel(0);
            host.StartServer();
            using var client = host.CreateClient();
            client.Timeout = TimeSpan.FromMinutes(10);
            var residentAtStart = ResidentBytes();
            var modelId = await TrainAsync(client, settings);
            var photo = await File.ReadAllBytesAsync(Path.Combine(settings.PhotoDirectory, InputPhoto));
            var (input, size) = Square(photo, 512);

            // In-process on the device the service's own work defaults to: the first CUDA device, else the CPU.
            var device = TrainingDevice.Select(new TrainingOptions()).ToTorch();
            using (var model = new SrResNetFamily().LoadModel(Path.Combine(dataDirectory, StorageLayout.ModelFile(modelId)), device))
                results.Add(InProcess((ISuperResolver)model, input, size, settings.ThroughputRequests));

            await SuperResolveAsync(client, modelId, input);    // warm-up: model load, connection
            foreach (var clients in settings.Clients)
            {
                var requests = Math.Max(clients, settings.ThroughputRequests);
                var (seconds, latencies) = await ClosedLoopAsync(clients, requests, () => SuperResolveAsync(client, modelId, input));
                results.Add(new Measurement($"HTTP, {size}x{size} PNG in, x4 PNG out, {clients} client{(clients == 1 ? "" : "s")}",
                    requests * OutputMegapixels(size) / seconds, $"{requests} requests; {Percentiles(latencies)}"));
            }

            if (settings.Requests > 0)
            {
                var (large, largeSize) = Square(photo, 1024);
                results.Add(await MemoryAsync(client, modelId, large, largeSize, settings.Requests, residentAtStart));
            }
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        return results;
    }

    private static double OutputMegapixels(int inputSize) => 16.0 * inputSize * inputSize / 1e6;

    /// <summary>An srresnet (x4; by default 32 channels, 8 blocks) trained on the built-in photos through the API.</summary>
    private static async Task<Guid> TrainAsync(HttpClient client, SuperResolveSettings settings) => await ServiceTraining.TrainAsync(
        client, await client.PostAsJsonAsync("/v1/datasets/photos", new { }), SrResNetFamily.ArchitectureName, settings.TrainSteps,
        TimeSpan.FromMinutes(30), new Dictionary<string, object>
        {
            [SuperResolutionHyperparameters.ChannelsName] = settings.Channels,
            [SuperResolutionHyperparameters.ResidualBlocksName] = settings.ResidualBlocks,
        });

    /// <summary>The photo's centre square resized to <paramref name="size"/> (Mitchell cubic), as a PNG.</summary>
    private static (byte[] Png, int Size) Square(byte[] photo, int size)
    {
        using var bitmap = SKBitmap.Decode(photo);
        var side = Math.Min(bitmap.Width, bitmap.Height);
        using var square = new SKBitmap(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using (var canvas = new SKCanvas(square))
        using (var image = SKImage.FromBitmap(bitmap))
        {
            var source = SKRect.Create((bitmap.Width - side) / 2f, (bitmap.Height - side) / 2f, side, side);
            canvas.DrawImage(image, source, SKRect.Create(size, size), new SKSamplingOptions(SKCubicResampler.Mitchell));
        }
        using var png = SKImage.FromBitmap(square).Encode(SKEncodedImageFormat.Png, 100);
        return (png.ToArray(), size);
    }

    /// <summary>The decoded image upscaled by the model alone, one call at a time: no PNG coding, no engine, no HTTP.</summary>
    private static Measurement InProcess(ISuperResolver model, byte[] png, int size, int calls)
    {
        using var scope = NewDisposeScope();
        using var decoded = ImageCodec.Decode(png, size, channels: 3);
        var image = decoded.Pixels.unsqueeze(0).to_type(ScalarType.Float32).div(255f);
        var latencies = new List<double>(calls);
        var measurement = Measurement.Time($"in-process ISuperResolver, {size}x{size} x4, 1 caller", warmup: 1, calls, imagesPerRound: 1, () =>
        {
            using var callScope = NewDisposeScope();
            var started = Stopwatch.GetTimestamp();
            model.SuperResolve(image);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        });
        latencies.RemoveAt(0);
        return measurement with
        {
            ImagesPerSecond = measurement.ImagesPerSecond * OutputMegapixels(size),
            Detail = $"{calls} calls; {Percentiles(latencies)}",
        };
    }

    /// <summary>
    /// One client sends <paramref name="requests"/> 1024x1024 images in turn while the process's resident set is
    /// sampled every 50 ms: when the service was up (before the model existed), before the first request, after
    /// a tenth of them (warm), its maximum and at the end. The process holds the service and the client both.
    /// </summary>
    private static async Task<Measurement> MemoryAsync(HttpClient client, Guid modelId, byte[] png, int size, int requests, long residentAtStart)
    {
        var before = ResidentBytes();
        var maximum = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                var resident = ResidentBytes();
                InterlockedMax(ref maximum, resident);
                try
                {
                    await Task.Delay(50, sampling.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
        var warm = 0L;
        var latencies = new List<double>(requests);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await SuperResolveAsync(client, modelId, png);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (i + 1 == Math.Max(1, requests / 10))
                warm = ResidentBytes();
        }
        var seconds = watch.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        var end = ResidentBytes();
        InterlockedMax(ref maximum, end);
        return new Measurement($"HTTP, {size}x{size} PNG in, x4 PNG out, 1 client: resident memory", requests * OutputMegapixels(size) / seconds,
            string.Create(CultureInfo.InvariantCulture,
                $"{requests} requests; {Percentiles(latencies)}; RSS MiB: service up {Mib(residentAtStart)}, before {Mib(before)}, " +
                $"after {Math.Max(1, requests / 10)} {Mib(warm)}, max {Mib(maximum)}, end {Mib(end)}"));
    }

    private static async Task SuperResolveAsync(HttpClient client, Guid modelId, byte[] png)
    {
        using var content = new ByteArrayContent(png);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var response = await client.PostAsync($"/v1/models/{modelId}/super-resolve", content);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"super-resolve: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary><paramref name="clients"/> callers each send a request, wait for it and send the next, until
    /// <paramref name="requests"/> are done.</summary>
    private static async Task<(double Seconds, List<double> Latencies)> ClosedLoopAsync(int clients, int requests, Func<Task> request)
    {
        var latencies = new List<double>(requests);
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                await request();
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies)
                    latencies.Add(elapsed);
            }
        }));
        return (watch.Elapsed.TotalSeconds, latencies);
    }

    /// <summary>VmRSS: the pages of this process in RAM, native (libtorch) and managed alike.</summary>
    private static long ResidentBytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
                return;
            current = seen;
        }
    }

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture);

    private static string Percentiles(List<double> latencies)
    {
        var sorted = latencies.Order().ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"p50 {sorted[sorted.Count / 2]:F0} ms, p95 {sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * 0.95))]:F0} ms");
    }

    /// <summary>The service in process on the photos in <paramref name="photoDirectory"/> alone (so that the dataset is the
    /// same on a machine without plasma-workspace-wallpapers), with room for a slow CPU's 1024x1024 requests.</summary>
    private sealed class SuperResolveHost(string dataDirectory, string photoDirectory) : KeyedServiceHost
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Storage:DataDirectory", dataDirectory);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Datasets:SkimageDataDirectory", photoDirectory);
            builder.UseSetting("Datasets:WallpapersDirectory", photoDirectory);
            // The evaluation a finished run starts would run beside the measurement.
            builder.UseSetting("Evaluation:AfterTraining", "false");
            builder.UseSetting("Inference:RequestTimeout", "00:10:00");
        }
    }
}
