using GenService.ML.Adversarial;

namespace GenService.ML.Families.Progan;

/// <summary>
/// Everything that fixes the Progressive GAN's layers: rebuilding the networks from the same architecture
/// gives the same parameter names and shapes, so saved weights load into them.
/// </summary>
/// <remarks>
/// Both networks hold the layers of every level from the start, level 0 at 4x4 up to level
/// <see cref="Levels"/> − 1 at the image size; training uses more of them as it grows (<see cref="ProganSchedule"/>).
/// Feature maps have <see cref="Channels"/> channels up to 32x32 and half as many with each doubling above,
/// Karras et al.'s rule (512 up to 32x32, then 256, 128, ...).
/// </remarks>
/// <param name="Shape">The generated images' shape: 1 or 3 channels, 32, 64 or 128 pixels square.</param>
/// <param name="MinibatchGroupSize">Images per group of D's minibatch standard deviation.</param>
public sealed record ProganArchitecture(ImageShape Shape, int LatentDim, int Channels, int MinibatchGroupSize)
{
    public const int FirstResolution = 4;

    private const int FullWidthResolution = 32;
    private const int FormatVersion = 1;

    /// <summary>Resolutions the network grows through: 4, 8, ..., size.</summary>
    public int Levels => (int)Math.Log2(Shape.Height / FirstResolution) + 1;

    public static int Resolution(int level) => FirstResolution << level;

    /// <summary>Feature channels of the layers at a resolution.</summary>
    public int ChannelsAt(int resolution) => resolution <= FullWidthResolution ? Channels : Math.Max(1, Channels * FullWidthResolution / resolution);

    /// <summary>Why a Progressive GAN cannot generate images of this shape, or null when it can.</summary>
    public static string? Check(ImageShape shape) =>
        GanResolution.Check(shape, "Progressive GAN") ?? (GanResolution.Sizes.Contains(shape.Height)
            ? null
            : $"Progressive GAN generates {string.Join(", ", GanResolution.Sizes)} pixels square, not {shape.Height}.");

    public void Write(BinaryWriter writer, string magic)
    {
        ModelFileHeader.Write(writer, magic, FormatVersion, Shape);
        writer.Write(LatentDim);
        writer.Write(Channels);
        writer.Write(MinibatchGroupSize);
    }

    /// <exception cref="InvalidDataException">The stream holds something else, or a newer format.</exception>
    public static ProganArchitecture Read(BinaryReader reader, string magic)
    {
        var shape = ModelFileHeader.Read(reader, magic, FormatVersion);
        var architecture = new ProganArchitecture(shape, reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        if (Check(shape) is { } reason)
            throw new InvalidDataException(reason);
        if (architecture.LatentDim < 1 || architecture.Channels < 1 || architecture.MinibatchGroupSize < 1)
            throw new InvalidDataException($"'{magic}' holds a non-positive latent size, channel count or group size.");
        return architecture;
    }
}
