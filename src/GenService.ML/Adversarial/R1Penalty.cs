using static TorchSharp.torch;

namespace GenService.ML.Adversarial;

/// <summary>
/// R1 regularisation (Mescheder et al. 2018), used by StyleGAN: E[‖∇D(x)‖²] on training images only,
/// which keeps D from growing steep around the data; D's loss adds γ/2 times it.
/// </summary>
public static class R1Penalty
{
    /// <param name="discriminator">Maps images [N, C, H, W] to scores [N].</param>
    /// <param name="real">[N, C, H, W] training images.</param>
    /// <returns>Scalar E[‖∇D(x)‖²], differentiable with respect to D's weights.</returns>
    public static Tensor Compute(Func<Tensor, Tensor> discriminator, Tensor real)
    {
        var inputs = real.detach().requires_grad_(true);
        // retain_graph as in GradientPenalty: the penalty's backward pass needs D's graph again.
        var gradient = autograd.grad([discriminator(inputs).sum()], [inputs], retain_graph: true, create_graph: true)[0];
        return gradient.square().flatten(1).sum(1).mean();
    }
}
