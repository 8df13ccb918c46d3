using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.Pix2Pix;

/// <summary>
/// A trained pix2pix generator for inference. Batch norm uses the statistics gathered in training and
/// dropout stays on with masks drawn from each image's seed, so an output depends only on its input and
/// seed: the same input and seed give the same bytes, another seed another plausible translation.
/// </summary>
public sealed class Pix2PixModel : IGenerativeModel, IImageTranslator
{
    private readonly UnetGenerator generator;

    /// <param name="generator">Taken over: the model disposes it.</param>
    public Pix2PixModel(UnetGenerator generator, Device device)
    {
        this.generator = generator;
        Device = device;
        generator.to(device);
        generator.eval();
    }

    public string Architecture => Pix2PixFamily.ArchitectureName;

    public ImageShape InputShape => generator.Architecture.InputShape;

    public ImageShape OutputShape => generator.Architecture.Shape;

    public Device Device { get; }

    public long ParameterBytes => generator.WeightBytes();

    public Tensor Translate(Tensor inputs, IReadOnlyList<long> seeds)
    {
        if (inputs.dim() != 4 || !inputs.shape[1..].SequenceEqual(InputShape.AsBatch(0)[1..]))
            throw new ArgumentException($"Inputs must be [N, {InputShape.Channels}, {InputShape.Height}, {InputShape.Width}], not [{string.Join(", ", inputs.shape)}].", nameof(inputs));
        if (inputs.shape[0] != seeds.Count)
            throw new ArgumentException($"{inputs.shape[0]} inputs but {seeds.Count} seeds.", nameof(seeds));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        if (seeds.Count == 0)
            return zeros(OutputShape.AsBatch(0)).MoveToOuterDisposeScope();
        return Translate(generator, inputs, seeds).MoveToOuterDisposeScope();
    }

    public void Dispose() => generator.Dispose();

    /// <summary>G's translations of images in [0, 1], as the trainer previews them and the model serves them.</summary>
    /// <param name="inputs">[N, Ca, S, S] in [0, 1], on any device.</param>
    /// <returns>[N, Cb, S, S] float32 in [0, 1] on the CPU.</returns>
    public static Tensor Translate(UnetGenerator generator, Tensor inputs, IReadOnlyList<long> seeds)
    {
        using var scope = NewDisposeScope();
        using var noise = DropoutNoise.FromSeeds(seeds);
        var device = generator.parameters().First().device;
        var outputs = generator.forward(ToSigned(inputs.to(ScalarType.Float32).to(device)), noise);
        return ToUnitRange(outputs).cpu().MoveToOuterDisposeScope();
    }

    /// <summary>Pixels in [0, 1] to the [−1, 1] of G's tanh, where pix2pix trains.</summary>
    public static Tensor ToSigned(Tensor images) => images * 2 - 1;

    public static Tensor ToUnitRange(Tensor images) => ((images + 1) / 2).clamp(0, 1);
}
