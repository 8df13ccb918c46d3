namespace GenService.ML.Runtime;

/// <summary>What the bootstrap loaded and found; reported by GET /v1/system.</summary>
/// <param name="OneDnnConvolutions">False when the start-up check found oneDNN's convolutions wrong on this
/// CPU and turned them off (see <see cref="ConvolutionCheck"/>).</param>
/// <param name="BatchInvariant">True when the start-up check found that, at a fixed batch size, an image's
/// result does not depend on its companions or its place in the batch (see <see cref="BatchInvarianceCheck"/>),
/// the promise behind "the same seed gives the same bytes however requests are batched".</param>
/// <param name="Threads">Threads libtorch uses inside one CPU operation (Torch:Threads).</param>
public sealed record TorchRuntimeInfo(
    string TorchSharpVersion,
    string LibTorchDirectory,
    bool CudaLibTorch,
    bool LibStdCxxVersionPatched,
    bool OneDnnConvolutions,
    bool BatchInvariant,
    int Threads,
    IReadOnlyList<ComputeDevice> Devices);
