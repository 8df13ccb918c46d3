using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GenService.ML.Families.StyleGan;

/// <summary>
/// The style-based generator G(z) = g(f(z)) of Karras et al. 2019 with the StyleGAN2 synthesis network:
/// the mapping network f turns z into w, every synthesis layer takes a style w and a noise map. It also
/// knows how a seed becomes an image, so the trainer's previews and the served model draw alike: z from
/// the seed's own generator, noise input l from the generator of DeriveSeed(seed, l).
/// </summary>
public sealed class StyleGanGenerator : Module<Tensor, IReadOnlyList<Tensor>, Tensor>
{
    private readonly MappingNetwork mapping;
    private readonly SynthesisNetwork synthesis;

    public StyleGanGenerator(StyleGanArchitecture architecture) : base(nameof(StyleGanGenerator))
    {
        if (architecture.Check() is { } reason)
            throw new ArgumentException(reason, nameof(architecture));
        Architecture = architecture;
        mapping = new MappingNetwork(architecture.WDim, architecture.MappingLayers);
        synthesis = new SynthesisNetwork(architecture);
        RegisterComponents();
    }

    public StyleGanArchitecture Architecture { get; }

    public MappingNetwork Mapping => mapping;

    public Device Device => mapping.AverageW.device;

    /// <param name="styles">[N, L, W]: one w per style index (see <see cref="SynthesisNetwork"/>).</param>
    /// <param name="noise">One [N, 1, r, r] map per noise input.</param>
    /// <returns>[N, C, R, R], roughly in [−1, 1].</returns>
    public override Tensor forward(Tensor styles, IReadOnlyList<Tensor> noise) => synthesis.forward(styles, noise);

    /// <summary>The same w for every synthesis layer: [N, W] → [N, L, W].</summary>
    public Tensor Broadcast(Tensor w) => w.unsqueeze(1).expand(-1, Architecture.StyleCount, -1);

    /// <summary>Noise inputs for a training batch, all drawn from one generator.</summary>
    public IReadOnlyList<Tensor> DrawNoise(long count, Generator generator) =>
        synthesis.NoiseResolutions.Select(r => randn([count, 1, r, r], generator: generator).to(Device)).ToList();

    /// <summary>The noise inputs of each seed's image: input l of image i from DeriveSeed(seeds[i], l) alone.</summary>
    public IReadOnlyList<Tensor> SeededNoiseInputs(IReadOnlyList<long> seeds) =>
        synthesis.NoiseResolutions.Select((r, layer) => cat(
                seeds.Select(seed => SeededNoise.Normal(SeededNoise.DeriveSeed(seed, layer), [1, 1, r, r])).ToArray(), 0)
            .to(Device)).ToList();

    /// <summary>Each seed's w (z from <see cref="SeededNoise.Latents"/>), truncated towards w̄ by ψ.</summary>
    /// <returns>[N, W] on the generator's device.</returns>
    public Tensor SeededStyles(IReadOnlyList<long> seeds, double truncation) =>
        mapping.Truncate(mapping.forward(SeededNoise.Latents(seeds, Architecture.WDim).to(Device)), truncation);

    /// <summary>One image per seed (see <see cref="IStyleGenerator.Sample"/>).</summary>
    /// <returns>[N, C, R, R] float32 on the CPU, in [0, 1].</returns>
    public Tensor Sample(IReadOnlyList<long> seeds, double truncation)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        if (seeds.Count == 0)
            return zeros(Architecture.Shape.AsBatch(0)).MoveToOuterDisposeScope();
        var styles = Broadcast(SeededStyles(seeds, truncation));
        return ToImages(forward(styles, SeededNoiseInputs(seeds))).MoveToOuterDisposeScope();
    }

    /// <summary>Generator output [−1, 1] to images [0, 1] on the CPU.</summary>
    public static Tensor ToImages(Tensor output) => output.add(1).div_(2).clamp_(0, 1).cpu();

    public void ResetParameters(Generator generator)
    {
        mapping.ResetParameters(generator);
        synthesis.ResetParameters(generator);
    }
}
