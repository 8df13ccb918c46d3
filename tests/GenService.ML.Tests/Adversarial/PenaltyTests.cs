using GenService.ML.Adversarial;
using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Tests.Adversarial;

public sealed class PenaltyTests
{
    public PenaltyTests() => _ = TestTorch.Runtime;

    [Fact]
    public void The_gradient_penalty_is_zero_for_a_1_Lipschitz_linear_critic()
    {
        using var scope = NewDisposeScope();
        var weight = UnitVector(3 * 4 * 4);
        using var generator = new Generator(7);

        var penalty = GradientPenalty.Compute(images => images.flatten(1).matmul(weight), RandomImages(1), RandomImages(2), generator);

        Assert.Equal(0, penalty.item<float>(), 5);
    }

    [Fact]
    public void The_gradient_penalty_grows_with_the_squared_excess_slope()
    {
        using var scope = NewDisposeScope();
        var weight = UnitVector(3 * 4 * 4) * 3;

        var penalty = GradientPenalty.AtPoints(images => images.flatten(1).matmul(weight), RandomImages(1));

        Assert.Equal(4, penalty.item<float>(), 4);    // (‖∇f‖ − 1)² = (3 − 1)²
    }

    [Fact]
    public void The_gradient_penalty_trains_the_critic()
    {
        using var scope = NewDisposeScope();
        var weight = (UnitVector(3 * 4 * 4) * 2).requires_grad_(true);

        GradientPenalty.AtPoints(images => images.flatten(1).matmul(weight), RandomImages(1)).backward();

        Assert.True(weight.grad!.abs().sum().item<float>() > 0);
    }

    /// <summary>A non-linear critic's double backward reads the tensors its forward pass saved, so the
    /// penalties must keep that graph alive (a linear critic never noticed).</summary>
    [Fact]
    public void Both_penalties_train_a_non_linear_convolutional_critic()
    {
        using var scope = NewDisposeScope();
        using var convolution = nn.Conv2d(3, 4, kernel_size: 3, padding: 1);
        using var activation = nn.LeakyReLU(0.2);
        using var generator = new Generator(7);
        Tensor Critic(Tensor images) => activation.forward(convolution.forward(images)).square().flatten(1).sum(1);

        GradientPenalty.Compute(Critic, RandomImages(1), RandomImages(2), generator).backward();
        var afterPenalty = convolution.weight!.grad!.abs().sum().item<float>();
        convolution.zero_grad();
        R1Penalty.Compute(Critic, RandomImages(3)).backward();

        Assert.True(afterPenalty > 0);
        Assert.True(convolution.weight!.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void R1_is_the_squared_gradient_norm_on_real_images()
    {
        using var scope = NewDisposeScope();
        var weight = UnitVector(3 * 4 * 4) * 2;

        var penalty = R1Penalty.Compute(images => images.flatten(1).matmul(weight).square() / 2, zeros(5, 3, 4, 4));
        var slope = R1Penalty.Compute(images => images.flatten(1).matmul(weight), RandomImages(1));

        Assert.Equal(0, penalty.item<float>(), 6);       // f = (w·x)²/2 is flat at x = 0
        Assert.Equal(4, slope.item<float>(), 4);         // ‖w‖² for f = w·x
    }

    [Fact]
    public void Clipping_keeps_every_weight_in_range_and_leaves_small_ones_alone()
    {
        using var scope = NewDisposeScope();
        using var layer = nn.Linear(10, 10);
        using (no_grad())
            layer.weight!.copy_(linspace(-1, 1, 100).reshape(10, 10));
        var small = layer.weight!.abs() <= 0.01;
        var before = layer.weight!.clone();

        WeightClipping.Clip(layer.parameters(), 0.01);

        Assert.True(layer.parameters().All(p => p.abs().max().item<float>() <= 0.01f));
        Assert.True(layer.weight!.masked_select(small).eq(before.masked_select(small)).all().item<bool>());
    }

    private static Tensor UnitVector(int size)
    {
        using var generator = new Generator(3);
        var vector = randn(size, generator: generator);
        return vector / vector.norm();
    }

    private static Tensor RandomImages(ulong seed)
    {
        using var generator = new Generator(seed);
        return rand(6, 3, 4, 4, generator: generator);
    }
}
