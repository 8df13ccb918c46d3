namespace GenService.ML.Runtime;

/// <summary>What the bootstrap loaded and found; reported by GET /v1/system.</summary>
public sealed record TorchRuntimeInfo(
    string TorchSharpVersion,
    string LibTorchDirectory,
    bool CudaLibTorch,
    bool LibStdCxxVersionPatched,
    IReadOnlyList<ComputeDevice> Devices);
