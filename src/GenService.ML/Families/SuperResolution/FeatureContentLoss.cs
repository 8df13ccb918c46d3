using GenService.ML.Evaluation;
using GenService.ML.Training;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GenService.ML.Families.SuperResolution;

/// <summary>
/// The perceptual content loss (Ledig et al. 2017, eq. 5): the MSE between feature maps of a frozen network,
/// ‖φ(I_HR) − φ(G(I_LR))‖², which rewards images that look alike to that network rather than matching pixel
/// by pixel. The paper's φ5,4 is VGG19's last convolutional feature map; VGG19's ImageNet weights cannot be
/// had here, so φ is the last convolutional map of this project's own <see cref="FeatureNetwork"/>, trained
/// on the run's training crops (<see cref="ContentFeatureNetwork"/>). It plays the same part: the deepest
/// features of a convolutional classifier of these images, before pooling.
/// </summary>
public sealed class FeatureContentLoss : IContentLoss
{
    private readonly FeatureNetwork network;

    /// <param name="network">Taken over: frozen in eval mode here, disposed with the loss.</param>
    public FeatureContentLoss(FeatureNetwork network)
    {
        this.network = network;
        network.eval();
        Trainable.Set(network, false);
    }

    public Tensor Loss(Tensor superResolved, Tensor highResolution)
    {
        Tensor target;
        using (no_grad())
            target = network.FeatureMap(highResolution);
        return F.mse_loss(network.FeatureMap(superResolved), target);
    }

    public void Dispose() => network.Dispose();
}
