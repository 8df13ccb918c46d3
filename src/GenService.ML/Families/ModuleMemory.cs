using static TorchSharp.torch;

namespace GenService.ML.Families;

public static class ModuleMemory
{
    /// <summary>Device memory a network's weights take: every parameter and buffer, numel × element size
    /// (what <see cref="IGenerativeModel.ParameterBytes"/> reports).</summary>
    public static long WeightBytes(this nn.Module module) =>
        module.parameters().Concat(module.buffers()).Sum(tensor => tensor.numel() * tensor.ElementSize);
}
