using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.Vae;

/// <summary>
/// A trained VAE for inference. Images are the decoder's mean E[x|z], already in (0, 1) through its
/// sigmoid: drawing x ~ p(x|z) would only add independent per-pixel noise on top.
/// </summary>
public sealed class VaeModel : IGenerativeModel, ISampler, IReconstructor, ILatentInterpolator
{
    private readonly VaeNetwork network;

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

    public long ParameterBytes =>
        network.parameters().Concat(network.buffers()).Sum(tensor => tensor.numel() * tensor.ElementSize);

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
        var (mean, _) = network.Encode(images.to(ScalarType.Float32).to(Device));   // [N, latent]
        return Decode(mean).MoveToOuterDisposeScope();
    }

    /// <summary>Spherical interpolation: under the Gaussian prior, latents concentrate near a sphere of
    /// radius √latent, and a straight line between two of them passes through atypically short ones.</summary>
    public Tensor Interpolate(long fromSeed, long toSeed, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var from = SeededNoise.Latents([fromSeed], network.Architecture.LatentDim);   // [1, latent]
        var to = SeededNoise.Latents([toSeed], network.Architecture.LatentDim);
        var cosine = Math.Clamp(nn.functional.cosine_similarity(from, to).item<float>(), -1.0, 1.0);
        var angle = Math.Acos(cosine);
        var frames = Enumerable.Range(0, steps).Select(i =>
        {
            var t = steps == 1 ? 0.0 : (double)i / (steps - 1);
            // Nearly parallel latents make sin(angle) vanish; the straight line is then the same path.
            var (a, b) = angle < 1e-6
                ? (1 - t, t)
                : (Math.Sin((1 - t) * angle) / Math.Sin(angle), Math.Sin(t * angle) / Math.Sin(angle));
            return from * a + to * b;
        });
        return Decode(cat(frames.ToArray(), 0)).MoveToOuterDisposeScope();   // [steps, C, H, W]
    }

    public void Dispose() => network.Dispose();

    /// <returns>[N, C, H, W] float32 on the CPU.</returns>
    private Tensor Decode(Tensor latents) => network.Decode(latents.to(Device)).Mean.cpu();
}
