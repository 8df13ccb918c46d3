using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GenService.ML.Families.SuperResolution;

/// <summary>The pixel-wise MSE (Ledig et al. 2017, eq. 4): SRResNet's whole objective and SRGAN-MSE's content
/// loss. It maximises PSNR, and so favours the mean of the plausible images, which is overly smooth.</summary>
public sealed class PixelContentLoss : IContentLoss
{
    public Tensor Loss(Tensor superResolved, Tensor highResolution) => F.mse_loss(superResolved, highResolution);

    public void Dispose()
    {
    }
}
