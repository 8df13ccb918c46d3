using static TorchSharp.torch;

namespace GenService.ML.Runtime;

/// <summary>
/// Checks, once at start-up, that libtorch's CPU convolutions give the right gradient with respect to
/// their input, against the same sums in float64 (which oneDNN does not handle, so libtorch's own
/// kernels compute them).
/// </summary>
/// <remarks>
/// Found on the project's 2-core AMD EPYC (Zen 5) VMs with libtorch 2.10 (oneDNN 3.7.1): for a 3x3
/// convolution with fewer than 16 output channels, oneDNN's AVX2 and AVX-512 backward-data kernels
/// return wrong values or NaN, different on every call (its blocked layouts pad the channels to 8 or 16,
/// and the padding is read). That is the last layer of every decoder and generator, so a VAE or GAN
/// trains into NaN within a few steps. Capped at AVX, or without oneDNN, the gradients are right.
/// </remarks>
public static class ConvolutionGradientCheck
{
    private const double Tolerance = 1e-4;

    /// <summary>True when float32 input gradients match float64 ones for 1 to 4 output channels.</summary>
    public static bool Passes()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(0);
        // Several draws per shape: a wrong kernel reads uninitialised padding, which is sometimes zero.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            for (var outChannels = 1; outChannels <= 4; outChannels++)
            {
                var input = randn([4, 8, 12, 12], generator: generator);
                var weight = randn([outChannels, 8, 3, 3], generator: generator) / 8;
                var upstream = randn([4, outChannels, 12, 12], generator: generator);
                var fast = InputGradient(input, weight, upstream).to(ScalarType.Float64);
                var exact = InputGradient(input.to(ScalarType.Float64), weight.to(ScalarType.Float64), upstream.to(ScalarType.Float64));
                if (!fast.allclose(exact, rtol: Tolerance, atol: Tolerance))
                    return false;
            }
        }
        return true;
    }

    private static Tensor InputGradient(Tensor input, Tensor weight, Tensor upstream)
    {
        var leaf = input.detach().requires_grad_(true);
        var output = nn.functional.conv2d(leaf, weight, padding: [1, 1]);
        return autograd.grad([output], [leaf], [upstream])[0];
    }
}
