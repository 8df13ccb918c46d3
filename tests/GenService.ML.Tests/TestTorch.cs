using GenService.ML.Runtime;

namespace GenService.ML.Tests;

/// <summary>Loads libtorch once for the whole test run, exactly as the service does.</summary>
public static class TestTorch
{
    private static readonly Lazy<TorchRuntimeInfo> Loaded = new(() => TorchRuntime.Initialize(new TorchRuntimeOptions()));

    public static TorchRuntimeInfo Runtime => Loaded.Value;
}
