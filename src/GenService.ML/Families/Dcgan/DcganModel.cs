using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.Dcgan;

/// <summary>A trained DCGAN generator for inference: samples and latent walks. Batch norm uses the
/// statistics gathered in training, so an image depends only on its own z.</summary>
public sealed class DcganModel : IGenerativeModel, ISampler, ILatentInterpolator, IReducedPrecision
{
    private readonly DcganGenerator generator;
    private InferencePrecision precision = InferencePrecision.Float32;

    /// <param name="generator">Taken over: the model disposes it.</param>
    public DcganModel(DcganGenerator generator, Device device)
    {
        this.generator = generator;
        Device = device;
        generator.to(device);
        generator.eval();
    }

    public string Architecture => DcganFamily.ArchitectureName;

    public ImageShape OutputShape => generator.Architecture.Shape;

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

    public void UsePrecision(InferencePrecision precision)
    {
        precision.Apply(generator);
        this.precision = precision;
    }

    public void Dispose() => generator.Dispose();

    /// <summary>G's tanh output mapped to pixel values.</summary>
    /// <param name="images">[N, C, H, W] in [−1, 1]</param>
    /// <returns>[N, C, H, W] in [0, 1]</returns>
    public static Tensor ToUnitRange(Tensor images) => ((images + 1) / 2).clamp(0, 1);

    /// <returns>[N, C, H, W] float32 on the CPU.</returns>
    private Tensor Generate(Tensor latents) =>
        ToUnitRange(generator.forward(precision.Input(latents.to(Device))).to(ScalarType.Float32)).cpu();
}
