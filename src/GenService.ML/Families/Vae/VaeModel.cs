using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.Vae;

/// <summary>
/// A trained VAE for inference. Images are the decoder's mean E[x|z], already in (0, 1) through its
/// sigmoid: drawing x ~ p(x|z) would only add independent per-pixel noise on top. Latents come from
/// the fitted mixture the model was exported with, or from N(0, I) when it has none.
/// </summary>
public sealed class VaeModel : IGenerativeModel, ISampler, IReconstructor, ILatentInterpolator, IReducedPrecision
{
    private readonly VaeNetwork network;
    private readonly GaussianMixture? prior;
    private InferencePrecision precision = InferencePrecision.Float32;

    /// <param name="network">Taken over: the model disposes it.</param>
    /// <param name="prior">Where samples draw z; null for N(0, I). Taken over as well.</param>
    public VaeModel(VaeNetwork network, GaussianMixture? prior, Device device)
    {
        this.network = network;
        this.prior = prior;
        Device = device;
        network.to(device);
        network.eval();
    }

    public string Architecture => VaeFamily.ArchitectureName;

    public ImageShape OutputShape => network.Architecture.Shape;

    public Device Device { get; }

    public long ParameterBytes => network.WeightBytes();

    public Tensor Sample(IReadOnlyList<long> seeds)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        if (seeds.Count == 0)
            return zeros(OutputShape.AsBatch(0)).MoveToOuterDisposeScope();
        return Decode(Latents(seeds)).MoveToOuterDisposeScope();
    }

    public Tensor Reconstruct(Tensor images)
    {
        var expected = OutputShape.AsBatch(images.shape[0]);
        if (!images.shape.SequenceEqual(expected))
            throw new ArgumentException($"Expected images [{string.Join(", ", expected)}], got [{string.Join(", ", images.shape)}].", nameof(images));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (mean, _) = network.Encode(precision.Input(images.to(Device)));   // [N, latent]
        return Decode(mean).MoveToOuterDisposeScope();
    }

    public Tensor Interpolate(long fromSeed, long toSeed, int steps, InterpolationPath path)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var from = Latents([fromSeed]);   // [1, latent]
        var to = Latents([toSeed]);
        return Decode(LatentWalk.Between(from, to, steps, path)).MoveToOuterDisposeScope();   // [steps, C, H, W]
    }

    public void UsePrecision(InferencePrecision precision)
    {
        precision.Apply(network);
        this.precision = precision;
    }

    public void Dispose()
    {
        network.Dispose();
        prior?.Dispose();
    }

    /// <returns>[seeds, latent] on the CPU.</returns>
    private Tensor Latents(IReadOnlyList<long> seeds) =>
        prior?.Sample(seeds) ?? SeededNoise.Latents(seeds, network.Architecture.LatentDim);

    /// <returns>[N, C, H, W] float32 on the CPU.</returns>
    private Tensor Decode(Tensor latents) => network.Decode(precision.Input(latents.to(Device))).Mean.to(ScalarType.Float32).cpu();
}
