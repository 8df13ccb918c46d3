using GenService.ML.Adversarial;

namespace GenService.ML.Families.Dcgan;

/// <summary>How the discriminator normalises its hidden layers.</summary>
public enum CriticNormalisation
{
    /// <summary>Radford et al. 2016, also used by WGAN's critic.</summary>
    BatchNorm,

    /// <summary>Per-image statistics over channels and pixels, per-channel scale and shift. WGAN-GP's
    /// penalty is a per-image gradient, which batch statistics would mix across images, so Gulrajani et al.
    /// 2017 drop batch normalisation from the critic and recommend layer normalisation.</summary>
    LayerNorm,
}

/// <summary>
/// Everything that fixes the DCGAN's layers: rebuilding the networks from the same architecture gives
/// the same parameter names and shapes, so saved weights load into them.
/// </summary>
/// <remarks>
/// G grows a 1x1 latent to 4x4, then doubles the resolution per layer up to <see cref="ImageShape.Height"/>;
/// D mirrors it. Channels double with every halving of the resolution, from <see cref="BaseChannels"/> at
/// half the output size, up to 8x (Radford et al.'s 64x64 generator: 128 at 32x32 up to 1024 at 4x4).
/// </remarks>
/// <param name="Shape">The generated images' shape: 1 or 3 channels, 32, 64 or 128 pixels square.</param>
public sealed record DcganArchitecture(ImageShape Shape, int LatentDim, int BaseChannels, CriticNormalisation Normalisation)
{
    /// <summary>The smallest feature map, which G starts from and D ends at.</summary>
    public const int BottomSize = 4;

    private const int MaximumChannelMultiplier = 8;
    private const int FormatVersion = 1;

    /// <summary>Feature channels at a resolution between <see cref="BottomSize"/> and half the image size.</summary>
    public int Channels(int resolution) => BaseChannels * Math.Min(Shape.Height / 2 / resolution, MaximumChannelMultiplier);

    /// <summary>Resolutions of the hidden feature maps, smallest first: 4, 8, ..., size / 2.</summary>
    public IEnumerable<int> HiddenResolutions()
    {
        for (var resolution = BottomSize; resolution < Shape.Height; resolution *= 2)
            yield return resolution;
    }

    /// <summary>Why a DCGAN cannot generate images of this shape, or null when it can.</summary>
    public static string? Check(ImageShape shape) =>
        GanResolution.Check(shape, "DCGAN") ?? (GanResolution.Sizes.Contains(shape.Height)
            ? null
            : $"DCGAN generates {string.Join(", ", GanResolution.Sizes)} pixels square, not {shape.Height}.");

    public void Write(BinaryWriter writer, string magic)
    {
        ModelFileHeader.Write(writer, magic, FormatVersion, Shape);
        writer.Write(LatentDim);
        writer.Write(BaseChannels);
        writer.Write((int)Normalisation);
    }

    /// <exception cref="InvalidDataException">The stream holds something else, or a newer format.</exception>
    public static DcganArchitecture Read(BinaryReader reader, string magic)
    {
        var shape = ModelFileHeader.Read(reader, magic, FormatVersion);
        var architecture = new DcganArchitecture(shape, reader.ReadInt32(), reader.ReadInt32(), (CriticNormalisation)reader.ReadInt32());
        if (Check(shape) is { } reason)
            throw new InvalidDataException(reason);
        if (architecture.LatentDim < 1 || architecture.BaseChannels < 1 || !Enum.IsDefined(architecture.Normalisation))
            throw new InvalidDataException($"'{magic}' holds a non-positive latent size or channel count, or an unknown normalisation.");
        return architecture;
    }
}
