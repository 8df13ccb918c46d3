using GenService.ML.Adversarial;
using GenService.ML.Tests.Families.Vae;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Adversarial;

public sealed class SpectralNormAndHingeTests
{
    public SpectralNormAndHingeTests() => _ = TestTorch.Runtime;

    [Fact]
    public void Power_iteration_in_training_makes_the_layer_divide_by_the_largest_singular_value()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        using var convolution = new SpectralNormConv2d(4, 6, kernelSize: 3, padding: 1);
        convolution.ResetParameters(generator, gain: 5);
        var input = randn([1, 4, 8, 8], generator: generator);
        convolution.train();
        for (var pass = 0; pass < 50; pass++)
            convolution.forward(input);
        var weight = convolution.named_parameters().Single(p => p.name == "weight").parameter;
        var sigma = linalg.svdvals(weight.view(6, -1))[0];

        convolution.eval();
        var output = convolution.forward(input);

        var expected = nn.functional.conv2d(input, weight / sigma, convolution.named_parameters().Single(p => p.name == "bias").parameter, padding: [1, 1]);
        Assert.True(output.allclose(expected, rtol: 1e-3, atol: 1e-4));
        Assert.True(TensorComparison.Identical(convolution.forward(input), output), "evaluation leaves the stored vectors alone");
    }

    [Fact]
    public void Hinge_loss_stops_pushing_past_the_margins()
    {
        using var scope = NewDisposeScope();
        var real = tensor(new float[] { 2, 0.5f });
        var fake = tensor(new float[] { -3, 0 });

        Assert.Equal((0 + 0.5) / 2 + (0 + 1) / 2.0, HingeLoss.Discriminator(real, fake).item<float>(), 5);
        Assert.Equal(1.5, HingeLoss.Generator(fake).item<float>(), 5);
    }
}
