using GenService.ML.Adversarial;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GenService.ML.Families.Spade;

/// <summary>
/// The reference implementation's initialisation (init_type "xavier", init_variance 0.02): every convolution's and
/// linear layer's weight Xavier-normal with gain 0.02, biases zero; the spectral norms' power-iteration vectors random.
/// Drawn from the given generator, so a run is reproducible from its seed.
/// </summary>
public static class SpadeInitialisation
{
    public const double Gain = 0.02;

    public static void Apply(nn.Module network, Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var module in network.modules())
        {
            switch (module)
            {
                case SpectralNormConv2d convolution:
                    convolution.ResetParameters(generator, Gain);
                    break;
                case Conv2d convolution:
                    XavierNormal(convolution.weight, generator);
                    convolution.bias?.zero_();
                    break;
                case Linear linear:
                    XavierNormal(linear.weight, generator);
                    linear.bias?.zero_();
                    break;
            }
        }
    }

    private static void XavierNormal(Tensor weight, Generator generator)
    {
        var receptiveField = weight.shape.Skip(2).Aggregate(1L, (product, side) => product * side);
        var (fanIn, fanOut) = (weight.shape[1] * receptiveField, weight.shape[0] * receptiveField);
        weight.normal_(0, Gain * Math.Sqrt(2.0 / (fanIn + fanOut)), generator);
    }
}
