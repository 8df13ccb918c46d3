using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Adversarial;

/// <summary>
/// DCGAN, pix2pix and CycleGAN (Radford et al. 2016, Isola et al. 2017, Zhu et al. 2017): "Weights were initialized
/// from a Gaussian distribution with mean 0 and standard deviation 0.02"; normalisation scales start at N(1, 0.02) and
/// biases and shifts at zero (the reference implementations' choice). Drawn from the given generator, so a run is
/// reproducible from its seed and never touches the global RNG that concurrent runs share.
/// </summary>
public static class GaussianInitialisation
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
