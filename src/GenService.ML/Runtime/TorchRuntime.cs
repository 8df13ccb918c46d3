using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using TorchSharp;

namespace GenService.ML.Runtime;

/// <summary>
/// The one place that loads native libtorch and TorchSharp's LibTorchSharp, before any tensor is made.
/// </summary>
/// <remarks>
/// Order matters: the libtorch libraries are loaded by full path first, so that LibTorchSharp's
/// NEEDED entries (libtorch.so, libc10.so, ...) bind to them by soname whichever folder they came
/// from. That is what lets a CUDA libtorch from a PyTorch install replace the CPU package.
/// </remarks>
public static class TorchRuntime
{
    private const string RequiredLibStdCxxVersion = "GLIBCXX_3.4.32";
    private static readonly Lock Gate = new();
    private static TorchRuntimeInfo? current;
    private static IntPtr libTorchSharpHandle;

    /// <summary>The loaded runtime; throws if <see cref="Initialize"/> has not run.</summary>
    public static TorchRuntimeInfo Current =>
        current ?? throw new InvalidOperationException("TorchRuntime.Initialize has not been called.");

    /// <summary>Loads libtorch once per process; later calls return the first result.</summary>
    public static TorchRuntimeInfo Initialize(TorchRuntimeOptions options, ILogger? logger = null)
    {
        lock (Gate)
        {
            if (current is not null)
                return current;

            if (!string.IsNullOrWhiteSpace(options.OneDnnMaxCpuIsa))
                LibTorchContext.LimitOneDnnInstructionSet(options.OneDnnMaxCpuIsa);
            LibTorchContext.RequestStrictMklReproducibility();
            var directory = ChooseLibTorchDirectory(options, logger);
            var cuda = File.Exists(Path.Combine(directory, "libtorch_cuda.so"));
            string[] libraries = cuda
                ? ["libc10.so", "libc10_cuda.so", "libtorch_cpu.so", "libtorch_cuda.so", "libtorch.so"]
                : ["libc10.so", "libtorch_cpu.so", "libtorch.so"];
            var handles = libraries.ToDictionary(library => library, library => NativeLibrary.Load(Path.Combine(directory, library)));

            var (libTorchSharpPath, patched) = PrepareLibTorchSharp(options.NativeCacheDirectory);
            libTorchSharpHandle = NativeLibrary.Load(libTorchSharpPath);
            NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, ResolveLibTorchSharp);

            torch.InitializeDeviceType(cuda ? DeviceType.CUDA : DeviceType.CPU);
            if (options.Threads > 0)
                torch.set_num_threads(options.Threads);
            LibTorchContext.DisableNnpackWhereUnavailable(handles["libtorch_cpu.so"]);
            var oneDnnConvolutions = CheckConvolutions(handles["libtorch_cpu.so"], logger);
            var batchInvariant = CheckBatchInvariance(handles["libtorch_cpu.so"], ref oneDnnConvolutions, logger);
            var devices = new List<ComputeDevice>();
            if (cuda && torch.cuda.is_available())
            {
                for (var i = 0; i < torch.cuda.device_count(); i++)
                    devices.Add(new ComputeDevice($"cuda:{i}", "cuda", $"CUDA device {i}"));
            }
            devices.Add(new ComputeDevice("cpu", "cpu", $"CPU ({Environment.ProcessorCount} logical cores)"));

            var version = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown";
            current = new TorchRuntimeInfo(version.Split('+')[0], directory, cuda, patched, oneDnnConvolutions, batchInvariant, torch.get_num_threads(), devices);
            logger?.LogInformation(
                "libtorch loaded from {Directory} (CUDA build: {Cuda}, LibTorchSharp patched for {Version}: {Patched}, {Threads} threads); devices: {Devices}",
                directory, cuda, RequiredLibStdCxxVersion, patched, current.Threads, string.Join(", ", devices.Select(d => d.Name)));
            return current;
        }
    }

    /// <summary>Keeps oneDNN's convolutions where they are right, and turns them off where they are not
    /// (see <see cref="ConvolutionCheck"/>).</summary>
    /// <returns>Whether oneDNN's convolutions stay on.</returns>
    private static bool CheckConvolutions(IntPtr libTorchCpu, ILogger? logger)
    {
        if (ConvolutionCheck.Passes())
            return true;
        LibTorchContext.UseOneDnn(libTorchCpu, false);
        if (!ConvolutionCheck.Passes())
            throw new InvalidOperationException("libtorch computes wrong convolutions on this host, with and without oneDNN.");
        logger?.LogWarning(
            "oneDNN's convolutions gave wrong results on this CPU, so libtorch's own kernels are used. "
            + "Torch:OneDnnMaxCpuIsa=SSE41 keeps oneDNN on where its SSE4.1 kernels are right (see deploy/README.md).");
        return false;
    }

    /// <summary>Keeps oneDNN's convolutions only where a row's result does not depend on its batch
    /// (see <see cref="BatchInvarianceCheck"/>).</summary>
    /// <returns>Whether the promise holds with the kernels left on.</returns>
    private static bool CheckBatchInvariance(IntPtr libTorchCpu, ref bool oneDnnConvolutions, ILogger? logger)
    {
        if (BatchInvarianceCheck.Passes())
            return true;
        if (oneDnnConvolutions)
        {
            LibTorchContext.UseOneDnn(libTorchCpu, false);
            if (BatchInvarianceCheck.Passes())
            {
                oneDnnConvolutions = false;
                logger?.LogWarning("oneDNN's convolutions computed an image differently by its place in a batch on this CPU, so libtorch's own kernels are used.");
                return true;
            }
            LibTorchContext.UseOneDnn(libTorchCpu, true);
        }
        logger?.LogWarning(
            "On this CPU a layer's result for one image depends on the other images of its batch, even at a fixed batch size; "
            + "images stay deterministic per request but may differ by a pixel level between batches. Check {Variable} (see deploy/README.md).",
            LibTorchContext.MklReproducibilityVariable);
        return false;
    }

    private static IntPtr ResolveLibTorchSharp(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name is "LibTorchSharp" or "libLibTorchSharp.so" ? libTorchSharpHandle : IntPtr.Zero;

    private static string ChooseLibTorchDirectory(TorchRuntimeOptions options, ILogger? logger)
    {
        if (!string.IsNullOrWhiteSpace(options.LibTorchDirectory))
        {
            if (!File.Exists(Path.Combine(options.LibTorchDirectory, "libtorch.so")))
                throw new InvalidOperationException($"Torch:LibTorchDirectory '{options.LibTorchDirectory}' holds no libtorch.so.");
            return Path.GetFullPath(options.LibTorchDirectory);
        }
        if (options.DiscoverCuda && FindCudaPyTorch() is { } found)
        {
            logger?.LogInformation("Found a CUDA PyTorch libtorch at {Directory}", found);
            return found;
        }
        return BundledCpuLibTorchDirectory();
    }

    private static string BundledCpuLibTorchDirectory()
    {
        string[] candidates = [AppContext.BaseDirectory, Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native")];
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "libtorch_cpu.so")))
            ?? throw new InvalidOperationException($"The CPU libtorch (libtorch-cpu-linux-x64 package) is not next to the application in {AppContext.BaseDirectory}.");
    }

    /// <summary>A PyTorch wheel's torch/lib with CUDA, only where an NVIDIA driver is present.</summary>
    private static string? FindCudaPyTorch()
    {
        if (!File.Exists("/proc/driver/nvidia/version"))
            return null;
        string[] roots = ["/usr/lib", "/usr/local/lib", "/opt/conda/lib", Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "lib")];
        return roots.Where(Directory.Exists)
            .SelectMany(root => Directory.EnumerateDirectories(root, "python3*"))
            .SelectMany(python => new[] { "site-packages", "dist-packages" }.Select(p => Path.Combine(python, p, "torch", "lib")))
            .FirstOrDefault(lib => File.Exists(Path.Combine(lib, "libtorch_cuda.so")));
    }

    private static (string Path, bool Patched) PrepareLibTorchSharp(string cacheDirectory)
    {
        var original = new[] { AppContext.BaseDirectory, Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native") }
            .Select(d => Path.Combine(d, "libLibTorchSharp.so"))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"libLibTorchSharp.so (TorchSharp package) is not next to the application in {AppContext.BaseDirectory}.");
        if (HostLibStdCxxDefines(RequiredLibStdCxxVersion))
            return (original, false);

        var patchedBytes = ElfVersionNeedPatch.MakeVersionNeedWeak(File.ReadAllBytes(original), RequiredLibStdCxxVersion);
        if (patchedBytes is null)
            return (original, false);

        // Keyed by content so a TorchSharp upgrade never reuses a stale copy.
        var key = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(patchedBytes))[..16].ToLowerInvariant();
        var target = Path.Combine(cacheDirectory, key, "libLibTorchSharp.so");
        if (!File.Exists(target))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temporary = $"{target}.{Environment.ProcessId}.tmp";
            File.WriteAllBytes(temporary, patchedBytes);
            File.Move(temporary, target, overwrite: true);
        }
        return (target, true);
    }

    /// <summary>Reads the libstdc++ this process already has mapped (the .NET host links it).</summary>
    private static bool HostLibStdCxxDefines(string version)
    {
        var path = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && Path.GetFileName(fields[5]).StartsWith("libstdc++.so", StringComparison.Ordinal))
            .Select(fields => fields[5])
            .FirstOrDefault();
        if (path is null)
        {
            NativeLibrary.Load("libstdc++.so.6");
            return HostLibStdCxxDefines(version);
        }
        return ElfVersionNeedPatch.DefinesVersion(File.ReadAllBytes(path), version);
    }
}
