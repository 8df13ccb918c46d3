using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.StyleGan;

/// <summary>
/// A trained StyleGAN for inference: the averaged generator. Every image is a function of seeds alone:
/// z from its seed (<see cref="SeededNoise.Latents"/>), noise input l from DeriveSeed(seed, l), and no
/// operation mixes images of a batch.
/// </summary>
public sealed class StyleGanModel : IGenerativeModel, ISampler, ILatentInterpolator, IStyleGenerator
{
    private readonly StyleGanGenerator generator;

    /// <param name="generator">Taken over: the model disposes it.</param>
    public StyleGanModel(StyleGanGenerator generator, Device device)
    {
        this.generator = generator;
        Device = device;
        generator.to(device);
        generator.eval();
    }

    public string Architecture => StyleGanFamily.ArchitectureName;

    public ImageShape OutputShape => generator.Architecture.Shape;

    public Device Device { get; }

    public long ParameterBytes => generator.WeightBytes();

    public IReadOnlyList<int> StyleResolutions => generator.Architecture.StyleResolutions;

    public int StyleCount => generator.Architecture.StyleCount;

    public Tensor Sample(IReadOnlyList<long> seeds) => generator.Sample(seeds, truncation: 1);

    public Tensor Sample(IReadOnlyList<long> seeds, double truncation) => generator.Sample(seeds, truncation);

    public Tensor MixStyles(IReadOnlyList<long> rowSeeds, IReadOnlyList<long> columnSeeds, int firstStyle, int lastStyle, double truncation)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstStyle);
        ArgumentOutOfRangeException.ThrowIfLessThan(lastStyle, firstStyle);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(lastStyle, StyleCount);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (rows, columns) = (rowSeeds.Count, columnSeeds.Count);
        if (rows == 0 || columns == 0)
            return zeros(OutputShape.AsBatch(0)).MoveToOuterDisposeScope();
        var rowStyles = generator.Broadcast(generator.SeededStyles(rowSeeds, truncation)).repeat_interleave(columns, dim: 0);   // [R·C, L, W]
        var columnStyles = generator.Broadcast(generator.SeededStyles(columnSeeds, truncation)).repeat(rows, 1, 1);          // [R·C, L, W]
        var index = arange(StyleCount, device: Device);
        var fromColumn = index.ge(firstStyle).logical_and(index.le(lastStyle)).view(1, -1, 1);                               // [1, L, 1]
        var noise = generator.SeededNoiseInputs(rowSeeds).Select(map => map.repeat_interleave(columns, dim: 0)).ToList();
        return Render(where(fromColumn, columnStyles, rowStyles), noise).MoveToOuterDisposeScope();
    }

    public Tensor VaryNoise(long seed, IReadOnlyList<long> noiseSeeds, double truncation)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        if (noiseSeeds.Count == 0)
            return zeros(OutputShape.AsBatch(0)).MoveToOuterDisposeScope();
        var styles = generator.Broadcast(generator.SeededStyles([seed], truncation)).expand(noiseSeeds.Count, -1, -1);   // [N, L, W]
        return Render(styles, generator.SeededNoiseInputs(noiseSeeds)).MoveToOuterDisposeScope();
    }

    public Tensor InterpolateStyles(long fromSeed, long toSeed, int steps, InterpolationPath path, double truncation)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var from = generator.SeededStyles([fromSeed], truncation);                            // [1, W]
        var to = generator.SeededStyles([toSeed], truncation);
        var styles = generator.Broadcast(LatentWalk.Between(from, to, steps, path));           // [steps, L, W]
        var noise = generator.SeededNoiseInputs([fromSeed]).Select(map => map.expand(steps, -1, -1, -1)).ToList();
        return Render(styles, noise).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A walk in Z, each point mapped to its w. So that the ends are the two seeds' samples, the noise goes
    /// from the first seed's to the second's as cos(πt/2)·n₀ + sin(πt/2)·n₁, which keeps unit variance on
    /// the way (a straight blend of two independent noises would fade to 1/√2 half way).
    /// </summary>
    public Tensor Interpolate(long fromSeed, long toSeed, int steps, InterpolationPath path)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var latents = LatentWalk.Between(SeededNoise.Latents([fromSeed], generator.Architecture.WDim),
            SeededNoise.Latents([toSeed], generator.Architecture.WDim), steps, path);           // [steps, W]
        var styles = generator.Broadcast(generator.Mapping.forward(latents.to(Device)));       // [steps, L, W]
        var (first, last) = (generator.SeededNoiseInputs([fromSeed]), generator.SeededNoiseInputs([toSeed]));
        var blend = Enumerable.Range(0, steps).Select(NoiseBlend(steps)).ToArray();
        var weightsFirst = tensor(blend.Select(b => b.First).ToArray(), device: Device).view(-1, 1, 1, 1);
        var weightsLast = tensor(blend.Select(b => b.Last).ToArray(), device: Device).view(-1, 1, 1, 1);
        var noise = first.Zip(last, (a, b) => a * weightsFirst + b * weightsLast).ToList();   // each [steps, 1, r, r]
        return Render(styles, noise).MoveToOuterDisposeScope();
    }

    public void Dispose() => generator.Dispose();

    /// <summary>The weights of the two seeds' noise at frame i; exactly (1, 0) and (0, 1) at the ends.</summary>
    private static Func<int, (float First, float Last)> NoiseBlend(int steps) => i =>
    {
        if (i == 0)
            return (1, 0);
        if (i == steps - 1)
            return (0, 1);
        var angle = Math.PI / 2 * i / (steps - 1);
        return ((float)Math.Cos(angle), (float)Math.Sin(angle));
    };

    /// <returns>[N, C, R, R] float32 on the CPU, in [0, 1].</returns>
    private Tensor Render(Tensor styles, IReadOnlyList<Tensor> noise) =>
        StyleGanGenerator.ToImages(generator.forward(styles, noise));
}
