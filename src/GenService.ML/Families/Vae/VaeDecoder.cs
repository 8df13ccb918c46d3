using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Vae;

/// <summary>The generative network p(x|z) = N(mean, diag(exp(logVariance))), one Gaussian per pixel.</summary>
/// <remarks>Under <see cref="DecoderVariance.Shared"/> the head outputs only the mean, and the variance is one number that
/// the trainer calibrates (<see cref="Calibrate"/>); it is kept with the weights so that a held-out ELBO uses the
/// training set's σ, not one fitted to the held-out images.</remarks>
public sealed class VaeDecoder : Module<Tensor, (Tensor Mean, Tensor LogVariance)>
{
    private readonly double logVarianceFloor;
    private readonly long channels;
    private readonly long bottom;
    private readonly Linear project;
    private readonly SiLU projectActivation;
    private readonly Sequential upsample;
    private readonly Conv2d head;
    private readonly Parameter? sharedLogVariance;

    public VaeDecoder(VaeArchitecture architecture) : base(nameof(VaeDecoder))
    {
        logVarianceFloor = architecture.LogVarianceFloor;
        channels = architecture.Channels(architecture.Levels);
        bottom = architecture.BottomSize;
        project = Linear(architecture.LatentDim, channels * bottom * bottom);
        projectActivation = SiLU();
        upsample = Sequential(Enumerable.Range(0, architecture.Levels).Reverse()
            .Select(level => ($"level{level}", (Module<Tensor, Tensor>)new UpsampleBlock(architecture.Channels(level + 1), architecture.Channels(level)))));
        var outputs = architecture.DecoderVariance == DecoderVariance.PerPixel ? 2 * architecture.Shape.Channels : architecture.Shape.Channels;
        head = Conv2d(architecture.Channels(0), outputs, kernel_size: 3, padding: 1);
        if (architecture.DecoderVariance == DecoderVariance.Shared)
            sharedLogVariance = Parameter(zeros(1, 1, 1, 1), requires_grad: false);
        RegisterComponents();
    }

    /// <param name="latents">[N, latent]</param>
    /// <returns>Mean in (0, 1), [N, C, H, W]; log-variance [N, C, H, W] per pixel, at or above
    /// <see cref="VaeArchitecture.LogVarianceFloor"/>, or the calibrated shared one, [1, 1, 1, 1].</returns>
    public override (Tensor Mean, Tensor LogVariance) forward(Tensor latents)
    {
        var features = projectActivation.forward(project.forward(latents));   // [N, ch(L) * bottom²]
        features = features.view(-1, channels, bottom, bottom);              // [N, ch(L), bottom, bottom]
        features = upsample.forward(features);                               // [N, base, H, W]
        if (sharedLogVariance is not null)
            return (sigmoid(head.forward(features)), sharedLogVariance.alias());
        var halves = head.forward(features).chunk(2, dim: 1);                 // 2 x [N, C, H, W]
        // The sigmoid keeps the mean inside the pixel range; the softplus is a smooth floor that is
        // the identity well above it, so the network still learns any larger variance freely.
        var logVariance = functional.softplus(halves[1] - logVarianceFloor) + logVarianceFloor;
        return (sigmoid(halves[0]), logVariance);
    }

    /// <summary>Sets the shared log-variance, e.g. to a batch's optimum; a per-pixel decoder has none to set.</summary>
    public void Calibrate(Tensor logVariance)
    {
        if (sharedLogVariance is null)
            throw new InvalidOperationException("A per-pixel decoder has no shared variance.");
        using var noGrad = no_grad();
        sharedLogVariance.copy_(logVariance.detach().reshape(1, 1, 1, 1));
    }
}
