using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.CycleGan;

/// <summary>
/// A trained CycleGAN for inference: both generators, G_AB and G_BA. They have no noise and instance norm needs no
/// stored statistics, so a translation depends on its input alone: the same input gives the same bytes, and the seeds
/// of <see cref="IImageTranslator.Translate"/> are not used.
/// </summary>
public sealed class CycleGanModel : IGenerativeModel, IImageTranslator, ITwoWayTranslator
{
    private readonly ResnetGenerator aToB;
    private readonly ResnetGenerator bToA;

    /// <param name="aToB">G_AB; taken over: the model disposes it.</param>
    /// <param name="bToA">G_BA; taken over.</param>
    public CycleGanModel(ResnetGenerator aToB, ResnetGenerator bToA, Device device)
    {
        this.aToB = aToB;
        this.bToA = bToA;
        Device = device;
        foreach (var generator in new[] { aToB, bToA })
        {
            generator.to(device);
            generator.eval();
        }
    }

    public string Architecture => CycleGanFamily.ArchitectureName;

    /// <summary>Both domains' images have one shape.</summary>
    public ImageShape InputShape => aToB.Architecture.Shape;

    public ImageShape OutputShape => aToB.Architecture.Shape;

    public Device Device { get; }

    public long ParameterBytes => aToB.WeightBytes() + bToA.WeightBytes();

    /// <summary>A to B, the seeds unused: CycleGAN has no noise.</summary>
    public Tensor Translate(Tensor inputs, IReadOnlyList<long> seeds)
    {
        if (inputs.shape[0] != seeds.Count)
            throw new ArgumentException($"{inputs.shape[0]} inputs but {seeds.Count} seeds.", nameof(seeds));
        return Translate(inputs, TranslationDirection.AToB, roundTrip: false);
    }

    public Tensor Translate(Tensor inputs, TranslationDirection direction, bool roundTrip)
    {
        if (inputs.dim() != 4 || !inputs.shape[1..].SequenceEqual(InputShape.AsBatch(0)[1..]))
            throw new ArgumentException($"Inputs must be [N, {InputShape.Channels}, {InputShape.Height}, {InputShape.Width}], not [{string.Join(", ", inputs.shape)}].", nameof(inputs));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        if (inputs.shape[0] == 0)
            return zeros(OutputShape.AsBatch(0)).MoveToOuterDisposeScope();
        return Translate(aToB, bToA, inputs, direction, roundTrip).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        aToB.Dispose();
        bToA.Dispose();
    }

    /// <summary>Translations of images in [0, 1], as the trainer previews them and the model serves them.</summary>
    /// <param name="inputs">[N, C, S, S] in [0, 1], on any device.</param>
    /// <returns>[N, C, S, S] float32 in [0, 1] on the CPU.</returns>
    public static Tensor Translate(ResnetGenerator aToB, ResnetGenerator bToA, Tensor inputs, TranslationDirection direction, bool roundTrip)
    {
        using var scope = NewDisposeScope();
        var (there, back) = direction == TranslationDirection.AToB ? (aToB, bToA) : (bToA, aToB);
        var device = there.parameters().First().device;
        var outputs = there.forward(ToSigned(inputs.to(ScalarType.Float32).to(device)));
        if (roundTrip)
            outputs = back.forward(outputs);
        return ToUnitRange(outputs).cpu().MoveToOuterDisposeScope();
    }

    /// <summary>Pixels in [0, 1] to the [−1, 1] of G's tanh, where CycleGAN trains.</summary>
    public static Tensor ToSigned(Tensor images) => images * 2 - 1;

    public static Tensor ToUnitRange(Tensor images) => ((images + 1) / 2).clamp(0, 1);
}
