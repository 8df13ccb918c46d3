using TorchSharp;
using static TorchSharp.torch;

namespace GenService.ML.Families.SuperResolution;

/// <summary>
/// A trained SRResNet generator (from an SRResNet or an SRGAN run) for inference. Images of any size are
/// upscaled in overlapping tiles (<see cref="TiledUpscaler"/>) of at most <see cref="TileSize"/> input pixels,
/// so memory stays bounded; the overlap is the network's receptive radius, so the result equals one pass over
/// the whole image. Batch norm uses the statistics gathered in training, and each image is upscaled on its
/// own, so an image's output never depends on the other images of its batch.
/// </summary>
public sealed class SuperResolutionModel : IGenerativeModel, ISuperResolver
{
    /// <summary>Input pixels per tile side: at ×4 and 64 channels the largest activation is 64 × 512² floats
    /// (64 MB), and the share of recomputed overlap stays moderate.</summary>
    public const int TileSize = 128;

    private readonly SrResNetGenerator generator;
    private readonly TiledUpscaler tiles;

    /// <param name="generator">Taken over: the model disposes it.</param>
    /// <param name="architecture">The family's name, "srresnet" or "srgan".</param>
    public SuperResolutionModel(SrResNetGenerator generator, string architecture, Device device)
    {
        this.generator = generator;
        Architecture = architecture;
        Device = device;
        generator.to(device);
        generator.eval();
        var overlap = generator.Architecture.ReceptiveRadius;
        tiles = new TiledUpscaler(Forward, Scale, Math.Max(TileSize, 2 * overlap + 1), overlap);
    }

    public string Architecture { get; }

    /// <summary>The shape of the training images: what the model makes of one of them downscaled
    /// <see cref="Scale"/> times. <see cref="SuperResolve"/> takes inputs of any size.</summary>
    public ImageShape OutputShape => generator.Architecture.Shape;

    public Device Device { get; }

    public long ParameterBytes => generator.WeightBytes();

    public int Scale => generator.Architecture.Scale;

    public Tensor SuperResolve(Tensor images)
    {
        var channels = generator.Architecture.Shape.Channels;
        if (images.dim() != 4 || images.shape[1] != channels)
            throw new ArgumentException($"Expected images [N, {channels}, h, w], got [{string.Join(", ", images.shape)}].", nameof(images));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        if (images.shape[0] == 0)
            return zeros([0, channels, images.shape[2] * Scale, images.shape[3] * Scale]).MoveToOuterDisposeScope();
        var upscaled = Enumerable.Range(0, (int)images.shape[0])
            .Select(index => tiles.Upscale(images.narrow(0, index, 1).to_type(ScalarType.Float32)))
            .ToList();
        return cat(upscaled, 0).MoveToOuterDisposeScope();
    }

    public void Dispose() => generator.Dispose();

    /// <summary>Loads a model exported by a super-resolution trainer.</summary>
    /// <exception cref="InvalidDataException">The file is not an exported super-resolution model.</exception>
    public static SuperResolutionModel Load(string path, string architecture, Device device)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var generator = new SrResNetGenerator(SuperResolutionArchitecture.Read(reader, GeneratorTraining.ModelMagic));
        try
        {
            generator.load(reader);
            return new SuperResolutionModel(generator, architecture, device);
        }
        catch
        {
            generator.Dispose();
            throw;
        }
    }

    /// <param name="tile">[1, C, h, w] on the CPU</param>
    /// <returns>[1, C, h · scale, w · scale] on the CPU, in [0, 1]</returns>
    private Tensor Forward(Tensor tile) => generator.forward(tile.to(Device)).clamp(0, 1).cpu();
}
