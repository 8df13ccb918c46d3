using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families;

/// <summary>
/// PyTorch's default layer initialisation, U(±1/√fan_in) for every convolution, transposed convolution and
/// dense weight and bias, drawn from the given generator: a network is reproducible from its seed and never
/// touches the global RNG that concurrent runs share. Other layers (batch norm, PReLU) keep their constant
/// defaults.
/// </summary>
public static class DefaultInitialisation
{
    public static void Apply(Module network, Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var module in network.modules())
        {
            var (weight, bias) = module switch
            {
                Conv2d convolution => (convolution.weight, convolution.bias),
                ConvTranspose2d convolution => (convolution.weight, convolution.bias),
                Linear linear => (linear.weight, linear.bias),
                _ => (null, null),
            };
            if (weight is null)
                continue;
            var bound = 1.0 / Math.Sqrt(init.CalculateFanInAndFanOut(weight).fanIn);
            // Tensor.uniform_, because nn.init.uniform_ ignores its generator in TorchSharp 0.107.
            weight.uniform_(-bound, bound, generator);
            bias?.uniform_(-bound, bound, generator);
        }
    }
}
