namespace GenService.ML.Runtime;

/// <summary>What the bootstrap loaded and found; reported by GET /v1/system.</summary>
/// <param name="OneDnnConvolutions">False when the start-up check found oneDNN's convolutions wrong on this
/// CPU and turned them off (see <see cref="ConvolutionCheck"/>).</param>
/// <param name="Threads">Threads libtorch uses inside one CPU operation (Torch:Threads).</param>
public sealed record TorchRuntimeInfo(
    string TorchSharpVersion,
    string LibTorchDirectory,
    bool CudaLibTorch,
    bool LibStdCxxVersionPatched,
    bool OneDnnConvolutions,
    int Threads,
    IReadOnlyList<ComputeDevice> Devices);
