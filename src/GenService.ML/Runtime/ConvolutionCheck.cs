using static TorchSharp.torch;

namespace GenService.ML.Runtime;

/// <summary>
/// Checks, once at start-up, that libtorch's CPU convolutions are right: their outputs and their gradients
/// with respect to input and weights, against the same sums in float64 (which oneDNN does not handle, so
/// libtorch's own kernels compute them).
/// </summary>
/// <remarks>
/// Found on the project's 2-core AMD EPYC (Zen 5) VMs with libtorch 2.10 (oneDNN 3.7.1): oneDNN's kernels
/// for AVX and wider read the padding of its blocked layouts (channels padded to 8 or 16) and return wrong
/// values or NaN, different on every call:
/// - with AVX2 or AVX-512, the input gradient of a 3x3 convolution with fewer than 16 output channels,
///   the last layer of every decoder and generator;
/// - capped at AVX, every pass of a convolution whose input channels are over 8 and not a multiple of 8,
///   such as the layer after the minibatch standard deviation (64 + 1 channels) in the Progressive GAN
///   and StyleGAN discriminators, which then trained into NaN after hundreds or thousands of steps.
/// Capped at SSE4.1, or without oneDNN, all are right. The cases below cover both.
/// </remarks>
public static class ConvolutionCheck
{
    private const double Tolerance = 1e-4;

    /// <summary>(input channels, output channels, resolution) of the 3x3 convolutions checked.</summary>
    private static readonly (int In, int Out, int Size)[] Cases =
        [(8, 1, 12), (8, 2, 12), (8, 3, 12), (8, 4, 12), (9, 8, 8), (65, 64, 4)];

    /// <summary>True when every case's float32 output, input gradient and weight gradient match float64.</summary>
    public static bool Passes()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(0);
        // Several draws per case: a wrong kernel reads uninitialised padding, which is sometimes zero.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            foreach (var (inChannels, outChannels, size) in Cases)
            {
                var input = randn([4, inChannels, size, size], generator: generator);
                var weight = randn([outChannels, inChannels, 3, 3], generator: generator) / MathF.Sqrt(9 * inChannels);
                var upstream = randn([4, outChannels, size, size], generator: generator);
                var fast = Passes(input, weight, upstream);
                var exact = Passes(input.to(ScalarType.Float64), weight.to(ScalarType.Float64), upstream.to(ScalarType.Float64));
                if (fast.Zip(exact).Any(pair => !pair.First.to(ScalarType.Float64).allclose(pair.Second, rtol: Tolerance, atol: Tolerance)))
                    return false;
            }
        }
        return true;
    }

    /// <returns>The output, the input gradient and the weight gradient.</returns>
    private static Tensor[] Passes(Tensor input, Tensor weight, Tensor upstream)
    {
        var (inputLeaf, weightLeaf) = (input.detach().requires_grad_(true), weight.detach().requires_grad_(true));
        var output = nn.functional.conv2d(inputLeaf, weightLeaf, padding: [1, 1]);
        var gradients = autograd.grad([output], [inputLeaf, weightLeaf], [upstream]);
        return [output.detach(), gradients[0], gradients[1]];
    }
}
