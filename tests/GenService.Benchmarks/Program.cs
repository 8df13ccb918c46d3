using System.Globalization;
using GenService.ML.Runtime;

namespace GenService.Benchmarks;

/// <summary>
/// Measures VAE training and sampling throughput in-process and through the service over loopback HTTP.
/// Usage: dotnet run -c Release --project tests/GenService.Benchmarks [-- --train-steps 200 --http-clients 1,8]
///        dotnet run -c Release --project tests/GenService.Benchmarks -- evaluation [--architectures vae,dcgan --steps 1200]
/// </summary>
/// <remarks>Not named Program: the service's own Program class is what the HTTP benchmark hosts.</remarks>
public static class BenchmarkProgram
{
    private const string FashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    public static async Task Main(string[] args)
    {
        if (args.FirstOrDefault() == EvaluationBenchmark.Command)
        {
            await EvaluationBenchmark.RunAsync(args[1..]);
            return;
        }
        var settings = BenchmarkSettings.Parse(args);
        var runtime = TorchRuntime.Initialize(new TorchRuntimeOptions());

        var results = new List<Measurement>();
        results.AddRange(InProcessBenchmarks.Run(settings, FashionMnistDirectory));
        results.AddRange(await HttpBenchmarks.RunAsync(settings));

        Console.WriteLine($"Machine: {Environment.ProcessorCount} logical cores; devices: {string.Join(", ", runtime.Devices.Select(d => d.Name))}; TorchSharp {runtime.TorchSharpVersion}");
        Console.WriteLine($"Settings: {settings}");
        Console.WriteLine();
        Console.WriteLine("| Measurement | images/s | Detail |");
        Console.WriteLine("|---|---:|---|");
        foreach (var result in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {result.Name} | {(double.IsNaN(result.ImagesPerSecond) ? "" : result.ImagesPerSecond.ToString("F0", CultureInfo.InvariantCulture))} | {result.Detail} |"));
    }
}
