using System.Globalization;
using GenService.ML.Runtime;
using Microsoft.Extensions.Configuration;

namespace GenService.Benchmarks;

/// <summary>
/// Measures VAE training and sampling throughput in-process and through the service over loopback HTTP;
/// with the <c>load</c> command, the inference engine under closed-loop load instead; with the
/// <c>evaluation</c> command, the quality figures of the dataset's feature network and of trained models; with the
/// <c>stylegan</c> command, StyleGAN's training throughput and a fixed-budget run with its sample grids; with the
/// <c>gan</c> command, the same for the DCGAN (four objectives) and the Progressive GAN; with the <c>png</c> command,
/// what PNG's row filters cost and save; with the <c>sr-quality</c> command, the lecture's super-resolution table on the
/// held-out Debian photos; with the <c>super-resolve</c> command, super-resolution's throughput and memory in-process
/// and through the service; with the <c>pix2pix</c> command, pix2pix's training and held-out scores (edges to Fashion-MNIST);
/// with the <c>segmentation</c> command, the label-map fidelity network's training and its scores on held-out landscapes;
/// with the <c>cyclegan</c> command, CycleGAN's training and its target-domain rates and cycle PSNRs (sneaker ↔ sandal,
/// optionally day ↔ night landscapes); with the <c>spade</c> command, SPADE against pix2pix on painted label maps on the
/// same landscapes and budget (training time and images/s, mIoU, pixel accuracy, FD) with its comparison,
/// semantic-manipulation and style-image figures; with the <c>socialgan</c> command, Social GAN with and without pooling on
/// simulated crowds and a hand-written ETH/UCY scene (training time, best-of-20 ADE/FDE and collisions beside the baselines) with plots;
/// with the <c>textgan</c> command, the text GAN's phases timed apart, its textToImage evaluation and prompt grids.
/// Usage: dotnet run -c Release --project tests/GenService.Benchmarks [-- --train-steps 200 --http-clients 1,8]
///        dotnet run -c Release --project tests/GenService.Benchmarks -- load [--clients 1,8,32,128]
///        dotnet run -c Release --project tests/GenService.Benchmarks -- evaluation [--architectures vae,dcgan --steps 1200] (default: every unconditional family)
///        dotnet run -c Release --project tests/GenService.Benchmarks -- stylegan [--budget-steps 6000]
///        dotnet run -c Release --project tests/GenService.Benchmarks -- gan [--budget-steps 500 --only dcgan:wgan_gp,progan]
///        dotnet run -c Release --project tests/GenService.Benchmarks -- sr-quality [--steps-scale 1 --only srresnet,srgan]
///        dotnet run -c Release --project tests/GenService.Benchmarks -- super-resolve [--requests 200 --clients 1,4]
///        dotnet run -c Release --project tests/GenService.Benchmarks -- pix2pix [--steps 2000]
///        dotnet run -c Release --project tests/GenService.Benchmarks -- segmentation [--images 2000 --size 64]
///        dotnet run -c Release --project tests/GenService.Benchmarks -- cyclegan [--steps 6000 --landscapes]
///        dotnet run -c Release --project tests/GenService.Benchmarks -- spade [--steps 1200 --images 2000 --size 64 --held-out 200 --seed 1]
///        dotnet run -c Release --project tests/GenService.Benchmarks -- socialgan [--steps 2000 --train-scenes 16 --held-out-scenes 4 --frames 150]
///        dotnet run -c Release --project tests/GenService.Benchmarks -- textgan [--steps 4500 --set stage2_channels=16 --train-images 10000 --held-out 1000]
/// </summary>
/// <remarks>Not named Program: the service's own Program class is what the HTTP benchmark hosts.</remarks>
public static class BenchmarkProgram
{
    public const string FashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The line every command's report starts with: what the figures were measured on.</summary>
    public static string Machine(TorchRuntimeInfo runtime) =>
        $"Machine: {Environment.ProcessorCount} logical cores; devices: {string.Join(", ", runtime.Devices.Select(d => d.Name))}; " +
        $"TorchSharp {runtime.TorchSharpVersion}; {runtime.Threads} libtorch threads; oneDNN convolutions {(runtime.OneDnnConvolutions ? "on" : "off")}";

    /// <summary>A measurement as a command prints it when it comes; scores and other lines without a rate show none.</summary>
    private static string Progress(Measurement result) =>
        double.IsNaN(result.ImagesPerSecond)
            ? $"{result.Name}: {result.Detail}"
            : string.Create(CultureInfo.InvariantCulture, $"{result.Name}: {result.ImagesPerSecond:F1} images/s {result.Detail}");

    public static async Task Main(string[] args)
    {
        // The service's own settings, read the same way (e.g. Torch__OneDnnMaxCpuIsa, Torch__Threads; see
        // deploy/README.md).
        var torchOptions = new ConfigurationBuilder().AddEnvironmentVariables().Build()
            .GetSection(TorchRuntimeOptions.SectionName).Get<TorchRuntimeOptions>() ?? new TorchRuntimeOptions();
        var runtime = TorchRuntime.Initialize(torchOptions);
        if (args.FirstOrDefault() == SuperResolutionQualityBenchmark.Command)
        {
            SuperResolutionQualityBenchmark.Run(args[1..], runtime);
            return;
        }
        if (args.FirstOrDefault() == EvaluationBenchmark.Command)
        {
            await EvaluationBenchmark.RunAsync(args[1..], runtime);
            return;
        }
        var results = new List<Measurement>();
        string settingsLine;
        var (rateUnit, rateFormat) = ("images/s", "F0");
        if (args.FirstOrDefault() == SuperResolveSettings.Command)
        {
            var settings = SuperResolveSettings.Parse(args[1..]);
            settingsLine = settings.ToString();
            (rateUnit, rateFormat) = ("output MP/s", "F2");
            results.AddRange(await SuperResolveBenchmark.RunAsync(settings));
        }
        else if (args.FirstOrDefault() == Pix2PixBenchmarkSettings.Command)
        {
            var settings = Pix2PixBenchmarkSettings.Parse(args[1..]);
            settingsLine = settings.ToString();
            foreach (var result in Pix2PixBenchmark.Run(settings, FashionMnistDirectory))
            {
                // Printed as they come: the training takes a while.
                Console.WriteLine($"{result.Name}: {result.Detail}");
                results.Add(result);
            }
        }
        else if (args.FirstOrDefault() == SegmentationBenchmarkSettings.Command)
        {
            var settings = SegmentationBenchmarkSettings.Parse(args[1..]);
            settingsLine = settings.ToString();
            foreach (var result in SegmentationBenchmark.Run(settings))
            {
                // Printed as they come: the training takes a few minutes.
                Console.WriteLine(Progress(result));
                results.Add(result);
            }
        }
        else if (args.FirstOrDefault() == CycleGanBenchmarkSettings.Command)
        {
            var settings = CycleGanBenchmarkSettings.Parse(args[1..]);
            settingsLine = settings.ToString();
            foreach (var result in CycleGanBenchmark.Run(settings, FashionMnistDirectory))
            {
                // Printed as they come: the training takes a while.
                Console.WriteLine(Progress(result));
                results.Add(result);
            }
        }
        else if (args.FirstOrDefault() == SpadeBenchmarkSettings.Command)
        {
            var settings = SpadeBenchmarkSettings.Parse(args[1..]);
            settingsLine = settings.ToString();
            foreach (var result in SpadeBenchmark.Run(settings))
            {
                // Printed as they come: the two trainings take a while.
                Console.WriteLine(Progress(result));
                results.Add(result);
            }
        }
        else if (args.FirstOrDefault() == SocialGanBenchmarkSettings.Command)
        {
            var settings = SocialGanBenchmarkSettings.Parse(args[1..]);
            settingsLine = settings.ToString();
            foreach (var result in SocialGanBenchmark.Run(settings))
            {
                // Printed as they come: the two trainings take a while.
                Console.WriteLine(Progress(result));
                results.Add(result);
            }
        }
        else if (args.FirstOrDefault() == TextGanBenchmarkSettings.Command)
        {
            var settings = TextGanBenchmarkSettings.Parse(args[1..]);
            settingsLine = settings.ToString();
            foreach (var result in TextGanBenchmark.Run(settings, FashionMnistDirectory))
            {
                // Printed as they come: each phase takes a while.
                Console.WriteLine(Progress(result));
                results.Add(result);
            }
        }
        else if (args.FirstOrDefault() == PngFilterBenchmark.Command)
        {
            settingsLine = string.Join(' ', args);
            results.AddRange(PngFilterBenchmark.Run(args[1..]));
        }
        else if (args.FirstOrDefault() == "load")
        {
            var settings = LoadSettings.Parse(args.Skip(1));
            settingsLine = $"load {settings}";
            results.AddRange(await LoadBenchmarks.RunAsync(settings));
        }
        else if (args.FirstOrDefault() == "gan")
        {
            var settings = GanBenchmarkSettings.Parse(args[1..]);
            settingsLine = settings.ToString();
            foreach (var result in GanBenchmarks.Run(settings, FashionMnistDirectory))
            {
                // Printed as they come: a fixed-budget run takes a while.
                Console.WriteLine(Progress(result));
                results.Add(result);
            }
        }
        else if (args.FirstOrDefault() == "stylegan")
        {
            var settings = StyleGanBenchmarkSettings.Parse(args[1..]);
            settingsLine = settings.ToString();
            foreach (var result in StyleGanBenchmarks.Run(settings, FashionMnistDirectory))
            {
                // Printed as they come: the fixed-budget run takes a while.
                Console.WriteLine(Progress(result));
                results.Add(result);
            }
        }
        else
        {
            var settings = BenchmarkSettings.Parse(args);
            settingsLine = settings.ToString();
            results.AddRange(InProcessBenchmarks.Run(settings, FashionMnistDirectory));
            results.AddRange(await HttpBenchmarks.RunAsync(settings));
        }

        Console.WriteLine(Machine(runtime));
        Console.WriteLine($"Settings: {settingsLine}");
        Console.WriteLine();
        Console.WriteLine($"| Measurement | {rateUnit} | Detail |");
        Console.WriteLine("|---|---:|---|");
        foreach (var result in results)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {result.Name} | {(double.IsNaN(result.ImagesPerSecond) ? "" : result.ImagesPerSecond.ToString(rateFormat, CultureInfo.InvariantCulture))} | {result.Detail} |"));
    }
}
