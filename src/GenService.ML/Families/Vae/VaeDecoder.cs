using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Vae;

/// <summary>The generative network p(x|z) = N(mean, diag(exp(logVariance))), one Gaussian per pixel.</summary>
public sealed class VaeDecoder : Module<Tensor, (Tensor Mean, Tensor LogVariance)>
{
    private readonly double logVarianceFloor;
    private readonly long channels;
    private readonly long bottom;
    private readonly Linear project;
    private readonly SiLU projectActivation;
    private readonly Sequential upsample;
    private readonly Conv2d head;

    public VaeDecoder(VaeArchitecture architecture) : base(nameof(VaeDecoder))
    {
        logVarianceFloor = architecture.LogVarianceFloor;
        channels = architecture.Channels(architecture.Levels);
        bottom = architecture.BottomSize;
        project = Linear(architecture.LatentDim, channels * bottom * bottom);
        projectActivation = SiLU();
        upsample = Sequential(Enumerable.Range(0, architecture.Levels).Reverse()
            .Select(level => ($"level{level}", (Module<Tensor, Tensor>)new UpsampleBlock(architecture.Channels(level + 1), architecture.Channels(level)))));
        head = Conv2d(architecture.Channels(0), 2 * architecture.Shape.Channels, kernel_size: 3, padding: 1);
        RegisterComponents();
    }

    /// <param name="latents">[N, latent]</param>
    /// <returns>Mean in (0, 1) and log-variance at or above <see cref="VaeArchitecture.LogVarianceFloor"/>, each [N, C, H, W].</returns>
    public override (Tensor Mean, Tensor LogVariance) forward(Tensor latents)
    {
        var features = projectActivation.forward(project.forward(latents));   // [N, ch(L) * bottom²]
        features = features.view(-1, channels, bottom, bottom);              // [N, ch(L), bottom, bottom]
        features = upsample.forward(features);                               // [N, base, H, W]
        var halves = head.forward(features).chunk(2, dim: 1);                 // 2 x [N, C, H, W]
        // The sigmoid keeps the mean inside the pixel range; the softplus is a smooth floor that is
        // the identity well above it, so the network still learns any larger variance freely.
        var logVariance = functional.softplus(halves[1] - logVarianceFloor) + logVarianceFloor;
        return (sigmoid(halves[0]), logVariance);
    }
}
