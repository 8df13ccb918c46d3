using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.SuperResolution;

/// <summary>
/// Ledig et al. 2017 do not say how they initialise; this is PyTorch's default, U(±1/√fan_in) for every
/// convolution and dense weight and bias, drawn from the given generator, so a run is reproducible from its
/// seed and never touches the global RNG that concurrent runs share. Batch norm and PReLU keep their
/// constant defaults (scale 1, shift 0; slope 0.25).
/// </summary>
public static class SuperResolutionInitialisation
{
    public static void Apply(Module network, Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var module in network.modules())
        {
            var (weight, bias) = module switch
            {
                Conv2d convolution => (convolution.weight, convolution.bias),
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
