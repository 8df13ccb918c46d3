using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Dcgan;

/// <summary>
/// Radford et al. 2016: "All weights were initialized from a zero-centered Normal distribution with
/// standard deviation 0.02"; normalisation scales start at N(1, 0.02) (the reference implementation's
/// choice), biases and shifts at zero. Drawn from the given generator, so a run is reproducible from its
/// seed and never touches the global RNG that concurrent runs share.
/// </summary>
public static class DcganInitialisation
{
    public const double WeightStd = 0.02;

    public static void Apply(Module network, Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var module in network.modules())
        {
            var (weight, bias, mean) = module switch
            {
                Conv2d convolution => (convolution.weight, convolution.bias, 0.0),
                ConvTranspose2d convolution => (convolution.weight, convolution.bias, 0.0),
                BatchNorm2d normalisation => (normalisation.weight, normalisation.bias, 1.0),
                GroupNorm normalisation => (normalisation.weight, normalisation.bias, 1.0),
                _ => (null, null, 0.0),
            };
            weight?.normal_(mean, WeightStd, generator);
            bias?.zero_();
        }
    }
}
