using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.Vae;

/// <summary>
/// A trained VAE for inference. Images are the decoder's mean E[x|z], already in (0, 1) through its
/// sigmoid: drawing x ~ p(x|z) would only add independent per-pixel noise on top.
/// </summary>
public sealed class VaeModel : IGenerativeModel, ISampler, IReconstructor, ILatentInterpolator, IReducedPrecision
{
    private readonly VaeNetwork network;
    private InferencePrecision precision = InferencePrecision.Float32;

    /// <param name="network">Taken over: the model disposes it.</param>
    public VaeModel(VaeNetwork network, Device device)
    {
        this.network = network;
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
        return Decode(SeededNoise.Latents(seeds, network.Architecture.LatentDim)).MoveToOuterDisposeScope();
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
        var from = SeededNoise.Latents([fromSeed], network.Architecture.LatentDim);   // [1, latent]
        var to = SeededNoise.Latents([toSeed], network.Architecture.LatentDim);
        return Decode(LatentWalk.Between(from, to, steps, path)).MoveToOuterDisposeScope();   // [steps, C, H, W]
    }

    public void UsePrecision(InferencePrecision precision)
    {
        precision.Apply(network);
        this.precision = precision;
    }

    public void Dispose() => network.Dispose();

    /// <returns>[N, C, H, W] float32 on the CPU.</returns>
    private Tensor Decode(Tensor latents) => network.Decode(precision.Input(latents.to(Device))).Mean.to(ScalarType.Float32).cpu();
}
