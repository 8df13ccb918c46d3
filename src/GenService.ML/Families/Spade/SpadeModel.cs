using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.Spade;

/// <summary>
/// A trained SPADE generator and style encoder for inference. The style code of image i is μ + σ ⊙ ε of its style
/// image under the encoder, or ε itself without one, ε ~ N(0, I) drawn from seeds[i]'s own generator; batch norm uses
/// the statistics gathered in training. So an image depends only on its map, its style image and its seed: the same
/// inputs give the same bytes.
/// </summary>
public sealed class SpadeModel : IGenerativeModel, ILabelMapRenderer
{
    private readonly SpadeGenerator generator;
    private readonly StyleEncoder encoder;

    /// <param name="generator">Taken over: the model disposes it.</param>
    /// <param name="encoder">Taken over: the model disposes it.</param>
    public SpadeModel(SpadeGenerator generator, StyleEncoder encoder, Device device)
    {
        this.generator = generator;
        this.encoder = encoder;
        Device = device;
        generator.to(device).eval();
        encoder.to(device).eval();
    }

    public string Architecture => SpadeFamily.ArchitectureName;

    public ImageShape OutputShape => generator.Architecture.Shape;

    public Device Device { get; }

    public long ParameterBytes => generator.WeightBytes() + encoder.WeightBytes();

    public Tensor Render(Tensor maps, Tensor? styles, IReadOnlyList<long> seeds)
    {
        var shape = OutputShape;
        if (maps.dim() != 3 || maps.shape[1] != shape.Height || maps.shape[2] != shape.Width)
            throw new ArgumentException($"Maps must be [N, {shape.Height}, {shape.Width}], not [{string.Join(", ", maps.shape)}].", nameof(maps));
        if (styles is not null && (styles.dim() != 4 || !styles.shape.SequenceEqual(shape.AsBatch(maps.shape[0]))))
            throw new ArgumentException($"Style images must be [N, {shape.Channels}, {shape.Height}, {shape.Width}], not [{string.Join(", ", styles.shape)}].", nameof(styles));
        if (maps.shape[0] != seeds.Count)
            throw new ArgumentException($"{maps.shape[0]} maps but {seeds.Count} seeds.", nameof(seeds));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        if (seeds.Count == 0)
            return zeros(shape.AsBatch(0)).MoveToOuterDisposeScope();
        return Render(generator, encoder, maps, styles, seeds).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        generator.Dispose();
        encoder.Dispose();
    }

    /// <summary>The generator's images of these maps, as the trainer previews them and the model serves them.</summary>
    /// <param name="maps">[N, S, S] class indices, on any device.</param>
    /// <param name="styles">[N, C, S, S] in [0, 1] whose styles to take, or null for each seed's random style.</param>
    /// <returns>[N, C, S, S] float32 in [0, 1] on the CPU.</returns>
    public static Tensor Render(SpadeGenerator generator, StyleEncoder encoder, Tensor maps, Tensor? styles, IReadOnlyList<long> seeds)
    {
        using var scope = NewDisposeScope();
        var architecture = generator.Architecture;
        var device = generator.parameters().First().device;
        var labels = OneHotLabels.From(maps.to(device), architecture.LabelChannels, architecture.DontCareIndex);
        var noise = SeededNoise.Latents(seeds, architecture.LatentDimension).to(device);      // ε, [N, Z]
        var styleCodes = noise;
        if (styles is not null)
        {
            var (mean, logVariance) = encoder.forward(ToSigned(styles.to(ScalarType.Float32).to(device)));
            styleCodes = StyleEncoder.Reparameterise(mean, logVariance, noise);
        }
        return ToUnitRange(generator.forward(styleCodes, labels)).cpu().MoveToOuterDisposeScope();
    }

    /// <summary>Pixels in [0, 1] to the [−1, 1] of the generator's tanh, where SPADE trains.</summary>
    public static Tensor ToSigned(Tensor images) => images * 2 - 1;

    public static Tensor ToUnitRange(Tensor images) => ((images + 1) / 2).clamp(0, 1);
}
