using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.Progan;

/// <summary>
/// A trained Progressive GAN for inference: the averaged generator at the phase it was exported in. Images
/// always have the final resolution: a model exported mid-growth makes its current resolution and repeats
/// each pixel up to the final one, so any checkpoint can be served.
/// </summary>
public sealed class ProganModel : IGenerativeModel, ISampler, ILatentInterpolator
{
    private readonly ProganGenerator generator;

    /// <param name="generator">Taken over: the model disposes it.</param>
    /// <param name="phase">The phase the generator was trained to.</param>
    public ProganModel(ProganGenerator generator, ProganPhase phase, Device device)
    {
        this.generator = generator;
        Phase = phase;
        Device = device;
        generator.to(device);
        generator.eval();
    }

    public string Architecture => ProganFamily.ArchitectureName;

    public ImageShape OutputShape => generator.Architecture.Shape;

    public ProganPhase Phase { get; }

    public Device Device { get; }

    public long ParameterBytes => generator.WeightBytes();

    public Tensor Sample(IReadOnlyList<long> seeds)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        if (seeds.Count == 0)
            return zeros(OutputShape.AsBatch(0)).MoveToOuterDisposeScope();
        return Generate(SeededNoise.Latents(seeds, generator.Architecture.LatentDim)).MoveToOuterDisposeScope();
    }

    public Tensor Interpolate(long fromSeed, long toSeed, int steps, InterpolationPath path)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var from = SeededNoise.Latents([fromSeed], generator.Architecture.LatentDim);   // [1, latent]
        var to = SeededNoise.Latents([toSeed], generator.Architecture.LatentDim);
        return Generate(LatentWalk.Between(from, to, steps, path)).MoveToOuterDisposeScope();   // [steps, C, H, W]
    }

    public void Dispose() => generator.Dispose();

    /// <summary>G's output as pixel values at the final size.</summary>
    /// <param name="images">[N, C, R, R] roughly in [−1, 1], R a power of two up to <paramref name="size"/></param>
    /// <returns>[N, C, size, size] in [0, 1]</returns>
    public static Tensor ToImages(Tensor images, int size)
    {
        var factor = size / (int)images.shape[^1];
        var full = factor > 1
            ? nn.functional.interpolate(images, scale_factor: [factor, factor], mode: InterpolationMode.Nearest)
            : images;
        return ((full + 1) / 2).clamp(0, 1);
    }

    /// <returns>[N, C, H, W] float32 on the CPU.</returns>
    private Tensor Generate(Tensor latents) =>
        ToImages(generator.forward(latents.to(Device), Phase), OutputShape.Height).cpu();
}
