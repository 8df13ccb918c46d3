using System.Globalization;
using GenService.ML.Runtime;

namespace GenService.Benchmarks;

/// <summary>
/// Measures VAE training and sampling throughput in-process and through the service over loopback HTTP;
/// the <c>stylegan</c> command measures and trains StyleGAN instead.
/// Usage: dotnet run -c Release --project tests/GenService.Benchmarks [-- --train-steps 200 --http-clients 1,8]
///        dotnet run -c Release --project tests/GenService.Benchmarks -- stylegan [--budget-steps 3000]
/// </summary>
/// <remarks>Not named Program: the service's own Program class is what the HTTP benchmark hosts.</remarks>
public static class BenchmarkProgram
{
    private const string FashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    public static async Task Main(string[] args)
    {
        var runtime = TorchRuntime.Initialize(new TorchRuntimeOptions());
        var results = new List<Measurement>();
        object settings;
        if (args.Length > 0 && args[0] == "stylegan")
        {
            var styleGanSettings = StyleGanBenchmarkSettings.Parse(args[1..]);
            settings = styleGanSettings;
            foreach (var result in StyleGanBenchmarks.Run(styleGanSettings, FashionMnistDirectory))
            {
                // Printed as they come: the fixed-budget run takes a while.
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Name}: {result.ImagesPerSecond:F1} images/s {result.Detail}"));
                results.Add(result);
            }
        }
        else
        {
            var vaeSettings = BenchmarkSettings.Parse(args);
            settings = vaeSettings;
            results.AddRange(InProcessBenchmarks.Run(vaeSettings, FashionMnistDirectory));
            results.AddRange(await HttpBenchmarks.RunAsync(vaeSettings));
        }

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
