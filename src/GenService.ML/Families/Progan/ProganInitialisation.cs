using GenService.ML.Adversarial;
using TorchSharp;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Progan;

/// <summary>Karras et al. 2018: weights N(0, 1), scaled at run time by the equalised learning rate; biases
/// zero. Drawn from the given generator, layer by layer in the order modules() lists them, so a run is
/// reproducible from its seed.</summary>
public static class ProganInitialisation
{
    public static void Apply(Module network, torch.Generator generator)
    {
        foreach (var module in network.modules())
        {
            switch (module)
            {
                case ProganGeneratorInput input:
                    input.ResetParameters(generator);
                    break;
                case EqualizedConv2d convolution:
                    convolution.ResetParameters(generator);
                    break;
                case EqualizedLinear linear:
                    linear.ResetParameters(generator);
                    break;
            }
        }
    }
}
