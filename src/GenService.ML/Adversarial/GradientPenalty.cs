using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Adversarial;

/// <summary>
/// WGAN-GP's penalty E[(‖∇f(x̂)‖₂ − 1)²] at x̂ = εx + (1 − ε)G(z), ε ~ U[0, 1] per image: an optimal
/// critic has gradient norm 1 along lines between the two distributions. Gulrajani et al. 2017 weight it
/// by λ = 10.
/// </summary>
public static class GradientPenalty
{
    public const double PaperWeight = 10;

    /// <param name="critic">Maps images [N, C, H, W] to scores [N].</param>
    /// <param name="real">[N, C, H, W] training images.</param>
    /// <param name="fake">[N, C, H, W] generated images (detached here: the penalty trains the critic only).</param>
    /// <param name="generator">Draws ε, so a step replays exactly from its seed.</param>
    /// <returns>Scalar penalty, differentiable with respect to the critic's weights.</returns>
    public static Tensor Compute(Func<Tensor, Tensor> critic, Tensor real, Tensor fake, Generator generator)
    {
        var epsilon = rand([real.shape[0], 1, 1, 1], generator: generator).to(real.device);
        return AtPoints(critic, epsilon * real.detach() + (1 - epsilon) * fake.detach());
    }

    /// <summary>The penalty at the given points: the defining term without the random interpolation.</summary>
    public static Tensor AtPoints(Func<Tensor, Tensor> critic, Tensor points)
    {
        var inputs = points.detach().requires_grad_(true);
        // TorchSharp defaults retain_graph to false (PyTorch: to create_graph); the penalty's own backward
        // pass needs the critic's graph again.
        var gradient = autograd.grad([critic(inputs).sum()], [inputs], retain_graph: true, create_graph: true)[0];
        return (gradient.flatten(1).norm(1) - 1).square().mean();
    }
}
