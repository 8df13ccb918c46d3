using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GenService.Api.Datasets;
using GenService.Api.Entities;
using GenService.Api.Evaluation;
using GenService.Api.Infrastructure;
using GenService.ML.Evaluation;
using GenService.ML.Families;
using GenService.ML.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GenService.Benchmarks;

/// <summary>
/// The <c>evaluation</c> command: through the service, as a client would, import Fashion-MNIST, give it the
/// benchmarks' shared feature network (<see cref="SharedFeatureNetwork"/>), then train each architecture and read the
/// evaluation the service makes when the run succeeds: the model's FID-style figures between the floor (held-out real
/// images) and the ceiling (the untrained model), and the memorisation figures. By default it trains every family the
/// service evaluates by its samples (the unconditional ones) and ends with one table that sets them side by side, all
/// on the one feature network, the same images and the same counts. Architectures are named as the service registers
/// them; a name may carry hyperparameters after colons (<c>vae:decoder_variance=per_pixel:prior=standard_normal</c>),
/// so one process can compare a family's settings.
/// </summary>
public static class EvaluationBenchmark
{
    public const string Command = "evaluation";

    public static async Task RunAsync(IReadOnlyList<string> args, TorchRuntimeInfo runtime)
    {
        var settings = EvaluationBenchmarkSettings.Parse(args);
        var timeout = TimeSpan.FromMinutes(settings.TimeoutMinutes);
        Directory.CreateDirectory(settings.OutputDirectory);
        var dataDirectory = Directory.CreateTempSubdirectory("genservice-bench-").FullName;
        // Outside a test project the factory cannot locate the service's folder; its settings file is
        // copied next to this program, which is all the content root needs.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_GENSERVICE_API", AppContext.BaseDirectory);
        try
        {
            using var host = new EvaluationHost(dataDirectory, settings);
            using var client = host.CreateClient();
            client.Timeout = TimeSpan.FromMinutes(10);

            Console.WriteLine(BenchmarkProgram.Machine(runtime));
            Console.WriteLine($"Settings: {settings}");
            var dataset = await PostAsync(client, "/v1/datasets/fashion-mnist", new { limit = settings.Images });
            var datasetId = dataset["id"]!.GetValue<Guid>();
            var network = SharedFeatureNetwork.Get(BenchmarkProgram.FashionMnistDirectory, settings.FeatureSteps);
            var featureNetworkId = await InstallAsync(host, datasetId, network);
            var architectures = settings.Architectures.Length > 0 ? settings.Architectures : Samplers(host);
            Console.WriteLine();
            Console.WriteLine($"Feature network: {network}");
            Console.WriteLine($"Architectures: {string.Join(", ", architectures)}");

            var compared = new List<FamilyScores>();
            foreach (var architecture in architectures)
            {
                if (await BenchmarkAsync(client, dataset, featureNetworkId, architecture, settings, timeout) is { } scores)
                    compared.Add(scores);
            }
            PrintComparison(compared, network);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>A family's figures as the comparison table sets them side by side.</summary>
    /// <param name="Output">Size of its samples, and whether they and the floor take a resize round trip.</param>
    private sealed record FamilyScores(string Entry, string Output, JsonNode Floor, JsonNode Model, JsonNode Ceiling, int SampleCount, double TrainingMinutes);

    /// <summary>The families the service evaluates by their samples: every unconditional one it registers.</summary>
    private static string[] Samplers(EvaluationHost host) =>
        host.Services.GetRequiredService<ModelFamilyCatalog>().All
            .Where(family => EvaluationKinds.Of(family) == EvaluationKind.Sampling)
            .Select(family => family.Architecture)
            .ToArray();

    /// <returns>The figures to compare, or null when the run or its evaluation failed.</returns>
    private static async Task<FamilyScores?> BenchmarkAsync(HttpClient client, JsonObject dataset, Guid featureNetworkId, string entry, EvaluationBenchmarkSettings settings, TimeSpan timeout)
    {
        var datasetId = dataset["id"]!.GetValue<Guid>();
        var (architecture, hyperparameters) = ParseEntry(entry, settings.Steps);
        var label = entry.Replace(':', '-').Replace('=', '-');
        var watch = Stopwatch.StartNew();
        var started = await PostAsync(client, "/v1/training-runs",
            new { architecture, datasetId, seed = settings.Seed, hyperparameters });
        var run = await PollAsync(client, $"/v1/training-runs/{started["id"]}", timeout, "Succeeded", "Failed", "Canceled");
        var trainingMinutes = watch.Elapsed.TotalMinutes;
        Console.WriteLine();
        Console.WriteLine($"## {entry}: {hyperparameters["steps"]} steps, seed {settings.Seed}, {run["status"]} in {trainingMinutes.ToString("F1", CultureInfo.InvariantCulture)} min");
        if (run["status"]!.GetValue<string>() != "Succeeded")
        {
            Console.WriteLine(run["error"]?.GetValue<string>());
            return null;
        }

        var modelId = run["modelId"]!.GetValue<Guid>();
        watch.Restart();
        var evaluation = await WaitForEvaluationAsync(client, modelId, timeout);
        Console.WriteLine($"Evaluation after training: {evaluation["status"]} in {watch.Elapsed.TotalMinutes.ToString("F1", CultureInfo.InvariantCulture)} min");
        if (evaluation["results"] is not JsonObject results)
        {
            Console.WriteLine(evaluation["error"]?.GetValue<string>());
            return null;
        }
        // The comparison is only worth its name on one network: the service takes the dataset's newest Ready one.
        var evaluatedOn = evaluation["featureNetwork"]?["id"]?.GetValue<Guid>();
        if (evaluatedOn != featureNetworkId)
            throw new InvalidOperationException($"{entry} was evaluated on feature network {evaluatedOn}, not on the shared one ({featureNetworkId}).");

        Console.WriteLine();
        Console.WriteLine($"| {results["sampleCount"]} images per set | FID-style FD ± SE | KID ± SE | precision | recall | closer than held-out (features / pixels) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (set, row) in new[] { ("floor", "floor: held-out real"), ("model", entry), ("ceiling", "ceiling: untrained") })
        {
            var s = results[set]!;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row} | {Distance(s)} | {Kid(s)} | " +
                $"{s["precision"]!.GetValue<double>():F3} | {s["recall"]!.GetValue<double>():F3} | " +
                $"{s["shareCloserInFeatures"]!.GetValue<double>():F3} / {s["shareCloserInPixels"]!.GetValue<double>():F3} |"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Typical held-out distance to the training set: {results["typicalFeatureDistance"]!.GetValue<double>():F3} (features), {results["typicalPixelDistance"]!.GetValue<double>():F3} (pixels)"));
        if (results["reconstruction"] is JsonObject reconstruction)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Held-out reconstructions: PSNR {reconstruction["psnr"]?.GetValue<double>():F2} dB, SSIM {reconstruction["ssim"]?.GetValue<double>():F3}"));

        if (run["latestValidation"] is JsonObject validation)
            Console.WriteLine($"The run's last held-out metrics: {validation.ToJsonString()}");

        await SaveAsync(client, $"/v1/models/{modelId}/evaluations/plot.png", Path.Combine(settings.OutputDirectory, $"{label}-evaluation.png"));
        await SaveAsync(client, $"/v1/training-runs/{started["id"]}/plots/losses.png", Path.Combine(settings.OutputDirectory, $"{label}-losses.png"));
        await SaveAsync(client, $"/v1/models/{modelId}/memorisation/grid.png?seed=0&k=8", Path.Combine(settings.OutputDirectory, $"{label}-neighbours-seed-0.png"));
        await SaveSamplesAsync(client, modelId, Path.Combine(settings.OutputDirectory, $"{label}-samples.png"));
        Console.WriteLine($"Plots, 64 samples and the nearest neighbours of seed 0: {settings.OutputDirectory}/{label}-*.png");

        var model = (await client.GetFromJsonAsync<JsonObject>($"/v1/models/{modelId}"))!;
        var (size, datasetSize) = (Size(model), Size(dataset));
        var output = size == datasetSize ? size : $"{size}, resized to {datasetSize} (the floor too)";
        return new FamilyScores(entry, output, results["floor"]!, results["model"]!, results["ceiling"]!, results["sampleCount"]!.GetValue<int>(), trainingMinutes);
    }

    /// <summary>All families side by side: the same feature network, training images, held-out images and counts, each
    /// family's floor taken through its own resize round trip.</summary>
    private static void PrintComparison(IReadOnlyList<FamilyScores> families, SharedFeatureNetwork network)
    {
        if (families.Count == 0)
            return;
        Console.WriteLine();
        Console.WriteLine($"## All families on {network.Key} ({network.HeldOutAccuracy.ToString("P2", CultureInfo.InvariantCulture)} held-out accuracy), {families[0].SampleCount} images per set, ± bootstrap standard errors");
        Console.WriteLine();
        Console.WriteLine("| architecture | samples | floor FD | FD | KID | precision | recall | ceiling FD | trained in |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var family in families)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {family.Entry} | {family.Output} | {Distance(family.Floor)} | {Distance(family.Model)} | {Kid(family.Model)} | " +
                $"{family.Model["precision"]!.GetValue<double>():F3} | {family.Model["recall"]!.GetValue<double>():F3} | {Distance(family.Ceiling)} | {family.TrainingMinutes:F1} min |"));
    }

    private static string Distance(JsonNode set) => string.Create(CultureInfo.InvariantCulture,
        $"{set["frechetDistance"]!.GetValue<double>():F3} ± {set["frechetDistanceStandardError"]!.GetValue<double>():F3}");

    private static string Kid(JsonNode set) => string.Create(CultureInfo.InvariantCulture,
        $"{set["kid"]!.GetValue<double>():F4} ± {set["kidStandardError"]!.GetValue<double>():F4}");

    /// <summary>"CxHxW" of a model or a dataset as the service describes it.</summary>
    private static string Size(JsonObject described) =>
        $"{described["channels"]}x{described["imageHeight"]}x{described["imageWidth"]}";

    /// <summary>An architecture name, then optional <c>:name=value</c> hyperparameters (numbers, or a choice's name).</summary>
    private static (string Architecture, Dictionary<string, object> Hyperparameters) ParseEntry(string entry, int steps)
    {
        var parts = entry.Split(':');
        var hyperparameters = new Dictionary<string, object>(StringComparer.Ordinal) { ["steps"] = steps };
        foreach (var part in parts.Skip(1))
        {
            var (name, value) = (part[..part.IndexOf('=')], part[(part.IndexOf('=') + 1)..]);
            hyperparameters[name] = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : value;
        }
        return (parts[0], hyperparameters);
    }

    private static async Task SaveSamplesAsync(HttpClient client, Guid modelId, string path)
    {
        using var response = await client.PostAsJsonAsync($"/v1/models/{modelId}/samples", new { count = 64, seed = 0 });
        await File.WriteAllBytesAsync(path, await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync());
    }

    /// <summary>
    /// Stores the shared network as the dataset's Ready feature network version 1, with the features of every dataset
    /// image, as the service's own training would leave it: the service then evaluates every model on it. The service
    /// has no route that imports a feature network, so the benchmark writes its storage directly.
    /// </summary>
    /// <returns>The installed network's id, which every evaluation must name.</returns>
    private static async Task<Guid> InstallAsync(EvaluationHost host, Guid datasetId, SharedFeatureNetwork network)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GenServiceDbContext>();
        var storage = scope.ServiceProvider.GetRequiredService<IOptions<StorageOptions>>().Value;
        var dataset = await db.Datasets.FirstAsync(d => d.Id == datasetId);
        var featureNetwork = new DatasetFeatureNetwork
        {
            Id = Guid.NewGuid(),
            AccountId = dataset.AccountId,
            DatasetId = datasetId,
            Version = 1,
            Status = FeatureNetworkStatus.Ready,
            Task = FeatureNetworkStore.ClassesTask,
            Steps = network.Steps,
            Seed = SharedFeatureNetwork.Seed,
            HeldOutAccuracy = network.HeldOutAccuracy,
            CreatedAt = DateTime.UtcNow,
        };
        featureNetwork.StorageLocation = StorageLayout.FeatureNetwork(dataset.StorageLocation, featureNetwork.Id);
        var folder = storage.Resolve(featureNetwork.StorageLocation);
        Directory.CreateDirectory(folder);
        File.Copy(network.NetworkPath, Path.Combine(folder, FeatureNetworkStore.NetworkFileName));
        using (var images = scope.ServiceProvider.GetRequiredService<DatasetLoader>().Load(dataset))
        using (var extractor = network.Load(TorchSharp.torch.CPU))
        using (var features = extractor.Extract(images.Images))
        {
            FeatureFile.Write(Path.Combine(folder, FeatureNetworkStore.FeaturesFileName), features);
            featureNetwork.FeatureDimension = extractor.Dimension;
        }
        featureNetwork.StartedAt = featureNetwork.FinishedAt = DateTime.UtcNow;
        db.FeatureNetworks.Add(featureNetwork);
        await db.SaveChangesAsync();
        return featureNetwork.Id;
    }

    private static async Task<JsonObject> WaitForEvaluationAsync(HttpClient client, Guid modelId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var evaluations = (await client.GetFromJsonAsync<JsonArray>($"/v1/models/{modelId}/evaluations"))!;
            if (evaluations.OfType<JsonObject>().FirstOrDefault(e => e["status"]!.GetValue<string>() is "Succeeded" or "Failed") is { } finished)
                return finished;
            await Task.Delay(1000);
        }
        throw new TimeoutException($"Model {modelId} was not evaluated within {timeout}.");
    }

    private static async Task<JsonObject> PollAsync(HttpClient client, string url, TimeSpan timeout, params string[] statuses)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var state = (await client.GetFromJsonAsync<JsonObject>(url))!;
            if (statuses.Contains(state["status"]!.GetValue<string>()))
                return state;
            await Task.Delay(1000);
        }
        throw new TimeoutException($"{url} did not reach {string.Join(" or ", statuses)} within {timeout}.");
    }

    private static async Task<JsonObject> PostAsync(HttpClient client, string url, object? body)
    {
        using var response = body is null ? await client.PostAsync(url, null) : await client.PostAsJsonAsync(url, body);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static async Task SaveAsync(HttpClient client, string url, string path) =>
        await File.WriteAllBytesAsync(path, await client.GetByteArrayAsync(url));

    /// <summary>The service in process, evaluating every model after training with the benchmark's settings.</summary>
    private sealed class EvaluationHost(string dataDirectory, EvaluationBenchmarkSettings settings) : KeyedServiceHost
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Storage:DataDirectory", dataDirectory);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Evaluation:AfterTraining", "true");
            builder.UseSetting("Evaluation:SampleCount", settings.Samples.ToString(CultureInfo.InvariantCulture));
        }
    }
}
