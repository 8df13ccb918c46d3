using GenService.ML.Families.Spade;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Families.Spade;

public sealed class SpadeNormalisationTests
{
    public SpadeNormalisationTests() => _ = TestTorch.Runtime;

    [Fact]
    public void Gamma_zero_and_beta_zero_give_zero_whatever_the_features()
    {
        using var scope = NewDisposeScope();
        using var layer = new SpadeNormalisation(channels: 4, labelChannels: 3, hidden: 8, SpadeNormalisationKind.Instance);
        var parameters = layer.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (no_grad())
        {
            // γ is predicted as 1 + the convolution's output: a bias of −1 and no weights make it 0.
            parameters["gamma.weight"].zero_();
            parameters["gamma.bias"].fill_(-1);
            parameters["beta.weight"].zero_();
            parameters["beta.bias"].zero_();
        }
        using var generator = new Generator(1);
        var features = randn([2, 4, 8, 8], generator: generator) * 3 + 1;

        var output = layer.forward(features, Map(2, 16, half: true));

        Assert.Equal(0, output.abs().max().item<float>());
    }

    [Fact]
    public void The_output_is_the_normalised_features_times_gamma_plus_beta()
    {
        using var scope = NewDisposeScope();
        using var layer = new SpadeNormalisation(channels: 4, labelChannels: 3, hidden: 8, SpadeNormalisationKind.Instance);
        using var generator = new Generator(2);
        var features = randn([2, 4, 8, 8], generator: generator) * 3 + 1;
        var labels = Map(2, 16, half: true);

        var output = layer.forward(features, labels);

        var (gamma, beta) = layer.Modulation(labels, 8, 8);
        var mean = features.mean([2, 3], keepdim: true);
        var variance = features.var([2, 3], unbiased: false, keepdim: true);
        var expected = ((features - mean) / (variance + 1e-5).sqrt()) * gamma + beta;
        Assert.True(output.allclose(expected, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void A_constant_map_gives_spatially_constant_gamma_and_beta_and_a_map_of_two_classes_two_values()
    {
        using var scope = NewDisposeScope();
        using var layer = new SpadeNormalisation(channels: 4, labelChannels: 3, hidden: 8, SpadeNormalisationKind.Batch);
        using (no_grad())
        {
            using var generator = new Generator(3);
            foreach (var parameter in layer.parameters())
                parameter.normal_(0, 0.5, generator);
        }

        var (gamma, beta) = layer.Modulation(Map(1, 16, half: false), 16, 16);

        // The two 3x3 convolutions pad with zeros, as the reference's: only pixels two or more from the border see no padding.
        foreach (var predicted in new[] { gamma, beta })
        {
            var inner = predicted.narrow(2, 2, 12).narrow(3, 2, 12);
            Assert.True(inner.allclose(predicted[.., .., 8, 8].unsqueeze(2).unsqueeze(3).expand_as(inner), rtol: 1e-5, atol: 1e-6));
        }
        var (halves, _) = layer.Modulation(Map(1, 16, half: true), 16, 16);
        Assert.False(halves[0, .., 8, 3].allclose(halves[0, .., 8, 12]));
    }

    [Fact]
    public void The_map_is_resized_by_nearest_neighbour_to_each_layers_size()
    {
        using var scope = NewDisposeScope();
        using var layer = new SpadeNormalisation(channels: 2, labelChannels: 3, hidden: 4, SpadeNormalisationKind.Instance);

        var (gamma, beta) = layer.Modulation(Map(2, 32, half: true), 4, 4);

        Assert.Equal([2, 2, 4, 4], gamma.shape);
        Assert.Equal([2, 2, 4, 4], beta.shape);
    }

    [Fact]
    public void One_hot_maps_give_dont_care_pixels_no_class_and_refuse_unknown_indices()
    {
        using var scope = NewDisposeScope();
        var maps = tensor(new byte[] { 0, 1, 2, 255 }, [1, 2, 2]);

        var labels = OneHotLabels.From(maps, channels: 3, dontCareIndex: 255);

        Assert.Equal([1, 3, 2, 2], labels.shape);
        Assert.Equal(new float[] { 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0 }, labels.flatten().data<float>().ToArray());
        Assert.Throws<ArgumentException>(() => OneHotLabels.From(maps, channels: 3, dontCareIndex: null));
    }

    /// <summary>One-hot maps [N, 3, S, S]: all class 1, or class 0 on the left half and class 2 on the right.</summary>
    private static Tensor Map(int count, int size, bool half)
    {
        var maps = full([count, size, size], 1, ScalarType.Int64);
        if (half)
        {
            maps.narrow(2, 0, size / 2).fill_(0);
            maps.narrow(2, size / 2, size / 2).fill_(2);
        }
        return OneHotLabels.From(maps, channels: 3, dontCareIndex: null);
    }
}
