namespace GenService.ML.Runtime;

/// <summary>Where the native libtorch comes from. Bound from the "Torch" configuration section.</summary>
public sealed class TorchRuntimeOptions
{
    public const string SectionName = "Torch";

    /// <summary>A libtorch "lib" folder to load instead of the CPU package, e.g. a PyTorch install's
    /// <c>site-packages/torch/lib</c> with CUDA. Empty: a CUDA PyTorch found on a machine with an NVIDIA
    /// driver, else the CPU libtorch shipped with the service.</summary>
    public string? LibTorchDirectory { get; set; }

    /// <summary>Look for a CUDA PyTorch install when no directory is configured.</summary>
    public bool DiscoverCuda { get; set; } = true;

    /// <summary>
    /// Highest instruction set oneDNN (libtorch's CPU kernels) may use, e.g. "SSE41", "AVX2" or
    /// "AVX512_CORE"; empty: the best the CPU has. On a host where the start-up check turns oneDNN's
    /// convolutions off (the service logs it), a cap under which they pass the check keeps them on.
    /// </summary>
    public string? OneDnnMaxCpuIsa { get; set; }

    /// <summary>
    /// Threads libtorch uses inside one operation; 0: libtorch's default, one per core. On a small CPU
    /// host that also serves HTTP, fewer threads than cores leave a core to the web server.
    /// </summary>
    public int Threads { get; set; }

    /// <summary>Writable folder for the patched copy of LibTorchSharp (only used on hosts that need it).</summary>
    public string NativeCacheDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "genservice-native");
}
