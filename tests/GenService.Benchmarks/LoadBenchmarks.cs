using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Inference;
using GenService.Api.Infrastructure;
using GenService.Api.Training;
using GenService.ML.Evaluation;
using GenService.ML.Families;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SkiaSharp;
using static TorchSharp.torch;

namespace GenService.Benchmarks;

/// <summary>
/// The inference engine under closed-loop load: N clients on loopback each send one single-image sample
/// request, wait for the PNG, and send the next. The same model is also called in-process at every
/// batch size, so the service's figures can be read against what the model itself can do.
/// </summary>
public static class LoadBenchmarks
{
    private const int ImageSize = 64;

    public static async Task<IReadOnlyList<Measurement>> RunAsync(LoadSettings settings)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("genservice-load-").FullName;
        // Outside a test project the factory cannot locate the service's folder; its settings file
        // is copied next to this program, which is all the content root needs.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_GENSERVICE_API", AppContext.BaseDirectory);
        var results = new List<Measurement>();
        try
        {
            using var batchingOn = Start(dataDirectory, settings, batching: true);
            using var onClient = batchingOn.CreateClient();
            var modelId = await TrainAsync(onClient, batchingOn.Services, settings);
            var microBatch = batchingOn.Services.GetRequiredService<IOptions<InferenceOptions>>().Value.MicroBatchSize;
            results.AddRange(PrecisionErrors(batchingOn.Services, dataDirectory, settings, modelId));

            // Both services run side by side on the same data, so every round measures each of them.
            using var batchingOff = Start(dataDirectory, settings, batching: false);
            using var offClient = batchingOff.CreateClient();
            var family = batchingOn.Services.GetRequiredService<ModelFamilyCatalog>().Find(settings.Architecture)!;
            var modelPath = Path.Combine(dataDirectory, StorageLayout.ModelFile(modelId));
            // In-process on the device the service's own work defaults to: the first CUDA device, else the CPU.
            var device = TrainingDevice.Select(new TrainingOptions()).ToTorch();
            using var model = family.LoadModel(modelPath, device);
            var batches = settings.InProcessBatches.Append(microBatch).Distinct().Order().ToList();
            var served = new ServedModel(modelId, settings.Architecture, modelPath);
            foreach (var client in new[] { onClient, offClient })
                await LoadAsync(client, modelId, clients: 8, requests: 64);    // warm-up: model load, JIT, connection pool

            var rounds = new List<List<Level>>();
            for (var round = 0; round < settings.Rounds; round++)
            {
                var levels = InProcess((ISampler)model, batches, settings).ToList();
                var engine = batchingOn.Services.GetRequiredService<InferenceEngine>();
                levels.AddRange(await LevelsAsync(settings, clients => $"engine without HTTP, batching on, {clients} callers", index => SampleInEngineAsync(engine, served, index)));
                levels.AddRange(await LevelsAsync(settings, clients => $"HTTP, batching on, {clients} clients", index => SampleOverHttpAsync(onClient, modelId, index)));
                levels.AddRange(await LevelsAsync(settings, clients => $"HTTP, batching off, {clients} clients", index => SampleOverHttpAsync(offClient, modelId, index)));
                rounds.Add(levels);
            }
            var summary = Summarise(rounds).ToList();
            results.AddRange(summary);
            results.AddRange(Compare(rounds, microBatch));
            results.AddRange(ComputeRateRows(summary, ComputeRates.GeneratorFlopsPerImage(settings.Architecture, modelPath), device, microBatch));
            if (settings.SoakRequests > 0)
                results.Add(await SoakAsync(onClient, modelId, settings));
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        return results;
    }

    /// <summary>One level measured once: its rate and the latency of each of its calls or requests.</summary>
    private sealed record Level(string Name, double ImagesPerSecond, List<double> Latencies, string Unit);

    private static LoadHost Start(string dataDirectory, LoadSettings settings, bool batching)
    {
        var host = new LoadHost(dataDirectory, settings, batching);
        host.UseKestrel(0);
        host.StartServer();
        return host;
    }

    /// <summary>Each level's median rate over the rounds, with its range and the latencies of all its rounds.</summary>
    private static IEnumerable<Measurement> Summarise(List<List<Level>> rounds) =>
        rounds[0].Select(first =>
        {
            var same = rounds.Select(levels => levels.Single(level => level.Name == first.Name)).ToList();
            var rates = same.Select(level => level.ImagesPerSecond).ToList();
            var latencies = same.SelectMany(level => level.Latencies).ToList();
            return new Measurement(first.Name, Median(rates), string.Create(CultureInfo.InvariantCulture,
                $"{rounds.Count} round{(rounds.Count == 1 ? "" : "s")} {rates.Min():F0} to {rates.Max():F0}; {latencies.Count} {first.Unit}, each {Percentiles(latencies)}"));
        });

    /// <summary>
    /// The issue's targets, computed within each round and reported as the median over the rounds: HTTP with
    /// batching at 32 clients against the model in-process at the batch size the engine runs (its micro-batch);
    /// the gain batching gives over HTTP against the gain a bigger batch gives in-process.
    /// </summary>
    private static IEnumerable<Measurement> Compare(List<List<Level>> rounds, int microBatch)
    {
        var first = new List<double>();
        var second = new List<double>();
        foreach (var levels in rounds)
        {
            double? Rate(string name) => levels.FirstOrDefault(level => level.Name == name)?.ImagesPerSecond;
            var inProcess = levels.Where(level => level.Name.StartsWith("in-process", StringComparison.Ordinal)).ToList();
            if (Rate("HTTP, batching on, 32 clients") is not { } on || inProcess.Count == 0)
                continue;
            if (Rate($"in-process, batch {microBatch}") is { } atMicroBatch)
                first.Add(on / atMicroBatch);
            if (Rate("HTTP, batching off, 32 clients") is { } off && Rate("in-process, batch 1") is { } single)
                second.Add(on / off / (inProcess.Max(level => level.ImagesPerSecond) / single));
        }
        string Spread(List<double> ratios) => string.Create(CultureInfo.InvariantCulture,
            $"{Median(ratios):F2} (rounds {string.Join(", ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))})");
        if (first.Count > 0)
            yield return new Measurement("HTTP batching on at 32 clients ÷ in-process at the engine's micro-batch", double.NaN,
                $"{Spread(first)}; target ≥ 0.9; micro-batch {microBatch}");
        if (second.Count > 0)
            yield return new Measurement("(HTTP on ÷ off at 32 clients) ÷ (in-process best ÷ batch 1)", double.NaN,
                $"{Spread(second)}; target ≥ 0.8");
    }

    /// <summary>The generator's FLOPs per image as FLOP/s at the levels the ratios use, next to a matrix product on
    /// the same device in the number format it serves in (bfloat16 on CUDA, float32 on the CPU).</summary>
    private static IEnumerable<Measurement> ComputeRateRows(List<Measurement> summary, double? flopsPerImage, Device device, int microBatch)
    {
        if (flopsPerImage is { } flops)
        {
            var best = summary.Where(row => row.Name.StartsWith("in-process", StringComparison.Ordinal)).MaxBy(row => row.ImagesPerSecond);
            var levels = new[] { summary.FirstOrDefault(row => row.Name == $"in-process, batch {microBatch}"), best,
                summary.FirstOrDefault(row => row.Name == "engine without HTTP, batching on, 32 callers"),
                summary.FirstOrDefault(row => row.Name == "HTTP, batching on, 32 clients") };
            var rates = levels.OfType<Measurement>().Distinct()
                .Select(row => string.Create(CultureInfo.InvariantCulture, $"{row.Name} {row.ImagesPerSecond * flops / 1e12:F3}"));
            yield return new Measurement("generator TFLOP/s (median images/s × FLOPs per image)", double.NaN, string.Create(CultureInfo.InvariantCulture,
                $"{flops / 1e6:F1} MFLOP per image; {string.Join("; ", rates)}"));
        }
        yield return device.type == TorchSharp.DeviceType.CUDA
            ? ComputeRates.MatrixProduct(device, ScalarType.BFloat16, size: 8192, calls: 100)
            : ComputeRates.MatrixProduct(device, ScalarType.Float32, size: 2048, calls: 10);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>A real model trained through the API: on 64x64 crops of the photos python3-skimage ships
    /// when the family takes them (the GANs), else on Fashion-MNIST (the VAE's 28x28). Its weights are
    /// what they are after a short run, which is all a speed measurement needs.</summary>
    private static async Task<Guid> TrainAsync(HttpClient client, IServiceProvider services, LoadSettings settings)
    {
        var family = services.GetRequiredService<ModelFamilyCatalog>().Find(settings.Architecture)
            ?? throw new ArgumentException($"Unknown architecture '{settings.Architecture}'.");
        HttpResponseMessage imported;
        if (family.CheckDataset(new ImageShape(3, ImageSize, ImageSize)) is null)
        {
            using var archive = new MultipartFormDataContent
            {
                { new ByteArrayContent(PhotoCropsArchive(settings.PhotoDirectory, count: 256)), "file", "photo-crops.zip" },
                { new StringContent("photo-crops"), "name" },
                { new StringContent($"{ImageSize}"), "imageSize" },
            };
            imported = await client.PostAsync("/v1/datasets", archive);
        }
        else if (family.CheckDataset(new ImageShape(1, 28, 28)) is null)
        {
            imported = await client.PostAsJsonAsync("/v1/datasets/fashion-mnist", new { limit = 2000 });
        }
        else
        {
            throw new ArgumentException($"The {settings.Architecture} family takes neither 64x64 RGB photos nor 28x28 Fashion-MNIST.");
        }
        return await ServiceTraining.TrainAsync(client, imported, settings.Architecture, settings.TrainSteps, TimeSpan.FromHours(1));
    }

    private static byte[] PhotoCropsArchive(string photoDirectory, int count)
    {
        var photos = new[] { "astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg", "motorcycle_left.png" }
            .Select(name => Path.Combine(photoDirectory, name))
            .Where(File.Exists)
            .Select(path => SKBitmap.Decode(path))
            .ToList();
        if (photos.Count == 0)
            throw new ArgumentException($"None of the scikit-image photos (astronaut.png, coffee.png, ...) is in {photoDirectory}: install python3-skimage or pass --photos.");
        var random = new Random(1);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < count; i++)
            {
                var photo = photos[i % photos.Count];
                var crop = SKRectI.Create(random.Next(photo.Width - ImageSize), random.Next(photo.Height - ImageSize), ImageSize, ImageSize);
                using var image = SKImage.FromBitmap(photo).Subset(crop);
                using var png = image.Encode(SKEncodedImageFormat.Png, 100);
                using var entry = zip.CreateEntry($"crop-{i:D4}.png").Open();
                png.SaveTo(entry);
            }
        }
        foreach (var photo in photos)
            photo.Dispose();
        return buffer.ToArray();
    }

    /// <summary>The exported model called directly, one caller, at each batch size (the engine's micro-batch
    /// always among them: the first ratio needs it).</summary>
    private static IEnumerable<Level> InProcess(ISampler sampler, IEnumerable<int> batches, LoadSettings settings)
    {
        var seed = 0L;
        foreach (var batch in batches)
        {
            var calls = Math.Max(8, settings.RequestsPerLevel / batch);
            var latencies = new List<double>(calls);
            for (var i = 0; i < 3; i++)
                Sample(sampler, batch, ref seed);
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++)
            {
                var started = Stopwatch.GetTimestamp();
                Sample(sampler, batch, ref seed);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            yield return new Level($"in-process, batch {batch}", calls * batch / watch.Elapsed.TotalSeconds, latencies, "calls");
        }
    }

    /// <summary>
    /// What Inference:Precision costs in image error: the model's 64 images of seeds 0..63 in bfloat16 and
    /// float16 against float32, as floats on the [0, 1] scale and as the 8-bit pixels the service returns.
    /// </summary>
    /// <remarks>Measured on this machine's CPU, where the service itself never uses reduced precision: the
    /// figures are the number format's rounding; a GPU's kernels accumulate in another order, so its errors
    /// differ somewhat. Skipped for a family that does not implement <see cref="IReducedPrecision"/>.</remarks>
    private static IEnumerable<Measurement> PrecisionErrors(IServiceProvider services, string dataDirectory, LoadSettings settings, Guid modelId)
    {
        var family = services.GetRequiredService<ModelFamilyCatalog>().Find(settings.Architecture)!;
        var path = Path.Combine(dataDirectory, StorageLayout.ModelFile(modelId));
        var seeds = Enumerable.Range(0, 64).Select(i => (long)i).ToList();
        using var reference = family.LoadModel(path, CPU);
        if (reference is not IReducedPrecision)
            yield break;
        using var scope = NewDisposeScope();
        var expected = ((ISampler)reference).Sample(seeds);
        foreach (var dataType in new[] { ScalarType.BFloat16, ScalarType.Float16 })
        {
            using var reduced = family.LoadModel(path, CPU);
            ((IReducedPrecision)reduced).UsePrecision(new InferencePrecision(dataType, ChannelsLast: true));
            var actual = ((ISampler)reduced).Sample(seeds);
            var error = (actual - expected).abs();
            var pixelSteps = (SampleImages.Quantise(actual).to_type(ScalarType.Int32) - SampleImages.Quantise(expected).to_type(ScalarType.Int32)).abs();
            yield return new Measurement($"precision {dataType} (channels-last) vs float32", double.NaN, string.Create(CultureInfo.InvariantCulture,
                $"64 images: |error| mean {error.mean().item<float>():F5}, max {error.max().item<float>():F4}; " +
                $"8-bit pixels changed {pixelSteps.gt(0).to_type(ScalarType.Float32).mean().item<float>():P1}, " +
                $"by more than 2 levels {pixelSteps.gt(2).to_type(ScalarType.Float32).mean().item<float>():P2}, at most {pixelSteps.max().item<int>()} levels"));
        }
    }

    private static void Sample(ISampler sampler, int batch, ref long seed)
    {
        using var scope = NewDisposeScope();
        var first = seed;
        sampler.Sample(Enumerable.Range(0, batch).Select(i => first + i).ToList());
        seed += batch;
    }

    /// <summary>One level per <see cref="LoadSettings.Clients"/> count: that many closed-loop callers, each making
    /// single-image requests.</summary>
    private static async Task<List<Level>> LevelsAsync(LoadSettings settings, Func<int, string> name, Func<int, Task> request)
    {
        var levels = new List<Level>();
        foreach (var clients in settings.Clients)
        {
            var requests = Math.Max(settings.RequestsPerLevel, clients * 8);
            var (imagesPerSecond, latencies) = await ClosedLoopAsync(clients, requests, request);
            levels.Add(new Level(name(clients), imagesPerSecond, latencies, "requests"));
        }
        return levels;
    }

    /// <summary>The batching-on service's engine called directly: everything the HTTP rows add beyond it
    /// (Kestrel, JSON, routing, PNG encoding, the client) is the HTTP layer's cost.</summary>
    private static async Task SampleInEngineAsync(InferenceEngine engine, ServedModel model, int seed)
    {
        var result = await engine.RunAsync(model, new SampleWork([seed]), CancellationToken.None);
        if (result.Error is { } error)
            throw new InvalidOperationException(error.Detail);
    }

    private static async Task SampleOverHttpAsync(HttpClient client, Guid modelId, int seed)
    {
        using var response = await client.PostAsJsonAsync($"/v1/models/{modelId}/samples", new { count = 1, seed, layout = "single" });
        await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync();
    }

    /// <summary>Resident memory before and after many requests, both after a full garbage collection,
    /// so the figure shows what stays (native tensors, caches), not garbage waiting to be collected.</summary>
    private static async Task<Measurement> SoakAsync(HttpClient client, Guid modelId, LoadSettings settings)
    {
        await LoadAsync(client, modelId, clients: 32, requests: 1000);
        var before = ResidentBytes();
        var (imagesPerSecond, latencies) = await LoadAsync(client, modelId, clients: 32, requests: settings.SoakRequests);
        var after = ResidentBytes();
        return new Measurement($"HTTP soak, batching on, 32 clients", imagesPerSecond,
            $"{settings.SoakRequests} requests; {Percentiles(latencies)}; RSS {before / 1048576.0:F0} → {after / 1048576.0:F0} MiB ({(after - before) * 100.0 / before:+0.0;-0.0} %)");
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static Task<(double ImagesPerSecond, List<double> Latencies)> LoadAsync(HttpClient client, Guid modelId, int clients, int requests) =>
        ClosedLoopAsync(clients, requests, index => SampleOverHttpAsync(client, modelId, index));

    /// <summary><paramref name="clients"/> callers each make one request (numbered, one image each), wait for it
    /// and make the next, until <paramref name="requests"/> are done.</summary>
    private static async Task<(double ImagesPerSecond, List<double> Latencies)> ClosedLoopAsync(int clients, int requests, Func<int, Task> request)
    {
        var latencies = new List<double>(requests);
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                await request(index);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies)
                    latencies.Add(elapsed);
            }
        }));
        return (requests / watch.Elapsed.TotalSeconds, latencies);
    }

    private static string Percentiles(List<double> latencies)
    {
        latencies.Sort();
        double At(double quantile) => latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * quantile))];
        return $"p50 {At(0.50):F1} ms, p95 {At(0.95):F1} ms, p99 {At(0.99):F1} ms";
    }

    private sealed class LoadHost(string dataDirectory, LoadSettings settings, bool batching) : KeyedServiceHost
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Storage:DataDirectory", dataDirectory);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            // The evaluation a finished run starts (a feature network's training) would run beside the measurement.
            builder.UseSetting("Evaluation:AfterTraining", "false");
            // Room for every client: the benchmark measures throughput, not the 429 path.
            builder.UseSetting("Inference:QueueCapacity", "1024");
            if (!batching)
            {
                // Off means what a server without the engine's batching would do: one request per forward pass.
                builder.UseSetting("Inference:MaxBatchSize", "1");
                builder.UseSetting("Inference:MaxBatchDelay", "00:00:00");
                builder.UseSetting("Inference:MicroBatchSize", "1");
                return;
            }
            if (settings.MicroBatchSize is { } micro)
                builder.UseSetting("Inference:MicroBatchSize", micro.ToString(CultureInfo.InvariantCulture));
            if (settings.MaxBatchDelayMs is { } delay)
                builder.UseSetting("Inference:MaxBatchDelay", TimeSpan.FromMilliseconds(delay).ToString("c", CultureInfo.InvariantCulture));
        }
    }
}
