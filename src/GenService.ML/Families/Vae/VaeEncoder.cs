using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.Vae;

/// <summary>The inference network q(z|x) = N(mean, diag(exp(logVariance))).</summary>
public sealed class VaeEncoder : Module<Tensor, (Tensor Mean, Tensor LogVariance)>
{
    private readonly Conv2d stem;
    private readonly SiLU stemActivation;
    private readonly Sequential downsample;
    private readonly Linear posterior;

    public VaeEncoder(VaeArchitecture architecture) : base(nameof(VaeEncoder))
    {
        stem = Conv2d(architecture.Shape.Channels, architecture.Channels(0), kernel_size: 3, padding: 1);
        stemActivation = SiLU();
        downsample = Sequential(Enumerable.Range(0, architecture.Levels)
            .Select(level => ($"level{level}", (Module<Tensor, Tensor>)new DownsampleBlock(architecture.Channels(level), architecture.Channels(level + 1)))));
        var bottom = architecture.BottomSize;
        posterior = Linear(architecture.Channels(architecture.Levels) * bottom * bottom, 2 * architecture.LatentDim);
        RegisterComponents();
    }

    /// <param name="images">[N, C, H, W] in [0, 1]</param>
    /// <returns>Mean and log-variance, each [N, latent].</returns>
    public override (Tensor Mean, Tensor LogVariance) forward(Tensor images)
    {
        var features = stemActivation.forward(stem.forward(images));      // [N, base, H, W]
        features = downsample.forward(features);                          // [N, ch(L), bottom, bottom]
        var halves = posterior.forward(features.flatten(1)).chunk(2, dim: 1);  // 2 x [N, latent]
        return (halves[0], halves[1]);
    }
}
