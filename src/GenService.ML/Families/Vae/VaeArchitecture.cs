namespace GenService.ML.Families.Vae;

/// <summary>
/// Everything that fixes the network's layers: rebuilding a <see cref="VaeNetwork"/> from the same
/// architecture gives the same parameter names and shapes, so saved weights load into it.
/// </summary>
/// <remarks>
/// The encoder halves the image with stride-2 convolutions until it is at most
/// <see cref="MaximumBottomSize"/> pixels wide (28 → 14 → 7, 32 → 16 → 8, 64 → 32 → 16 → 8); the
/// decoder doubles it back with transposed convolutions, so every halving must be exact.
/// </remarks>
/// <param name="MinDecoderStd">Lower bound of the decoder's per-pixel standard deviation (see <see cref="VaeDecoder"/>);
/// read only under <see cref="DecoderVariance.PerPixel"/>.</param>
public sealed record VaeArchitecture(ImageShape Shape, int LatentDim, int BaseChannels, double MinDecoderStd, DecoderVariance DecoderVariance)
{
    public const int MinimumSize = 16;
    public const int MaximumSize = 128;
    public const int MaximumBottomSize = 8;

    /// <summary>Channels stop doubling here, so 128-pixel images do not cost 16x the base width.</summary>
    private const int MaximumChannelMultiplier = 8;

    /// <summary>Version 3 added <see cref="DecoderVariance"/>; a version-2 file is a per-pixel decoder.</summary>
    private const int FormatVersion = 3;
    private const int PerPixelOnlyFormatVersion = 2;

    /// <summary>How many times the encoder halves the image.</summary>
    public int Levels => CountHalvings(Shape.Height);

    /// <summary>Width and height of the feature map between the convolutions and the latent layer.</summary>
    public int BottomSize => Shape.Height >> Levels;

    /// <summary>log σ²_min: the decoder's log-variance never goes below it.</summary>
    public double LogVarianceFloor => 2 * Math.Log(MinDecoderStd);

    /// <summary>Feature channels after <paramref name="level"/> halvings (level 0: the full-resolution stem).</summary>
    public int Channels(int level) => BaseChannels * Math.Min(1 << level, MaximumChannelMultiplier);

    /// <summary>Why a VAE cannot be built for images of this shape, or null when it can.</summary>
    public static string? Check(ImageShape shape)
    {
        if (shape.Channels is not (1 or 3))
            return $"The VAE reads grayscale or RGB images (1 or 3 channels), not {shape.Channels}.";
        if (shape.Height != shape.Width)
            return $"The VAE needs square images; these are {shape.Width}x{shape.Height}.";
        if (shape.Height is < MinimumSize or > MaximumSize)
            return $"The VAE supports sizes from {MinimumSize} to {MaximumSize} pixels; these are {shape.Height}.";
        if (CountHalvings(shape.Height) < 0)
            return $"The VAE halves the image until it is at most {MaximumBottomSize} pixels, so the size must stay even "
                   + $"until then (e.g. 28, 32, 48, 64); {shape.Height} does not.";
        return null;
    }

    public void Write(BinaryWriter writer, string magic)
    {
        ModelFileHeader.Write(writer, magic, FormatVersion, Shape);
        writer.Write(LatentDim);
        writer.Write(BaseChannels);
        writer.Write(MinDecoderStd);
        writer.Write((int)DecoderVariance);
    }

    /// <exception cref="InvalidDataException">The stream holds something else, or a newer format.</exception>
    public static VaeArchitecture Read(BinaryReader reader, string magic)
    {
        var (shape, version) = ModelFileHeader.Read(reader, magic, [PerPixelOnlyFormatVersion, FormatVersion]);
        var (latentDim, baseChannels, minDecoderStd) = (reader.ReadInt32(), reader.ReadInt32(), reader.ReadDouble());
        var decoderVariance = version == PerPixelOnlyFormatVersion ? DecoderVariance.PerPixel : (DecoderVariance)reader.ReadInt32();
        var architecture = new VaeArchitecture(shape, latentDim, baseChannels, minDecoderStd, decoderVariance);
        if (Check(shape) is { } reason)
            throw new InvalidDataException(reason);
        if (architecture.LatentDim < 1 || architecture.BaseChannels < 1 || !(architecture.MinDecoderStd > 0))
            throw new InvalidDataException($"'{magic}' holds a non-positive latent size, channel count or decoder deviation.");
        if (!Enum.IsDefined(decoderVariance))
            throw new InvalidDataException($"'{magic}' holds an unknown decoder variance {(int)decoderVariance}.");
        return architecture;
    }

    /// <returns>The number of exact halvings down to at most <see cref="MaximumBottomSize"/>, or -1 when one is inexact.</returns>
    private static int CountHalvings(int size)
    {
        var halvings = 0;
        for (; size > MaximumBottomSize; size /= 2, halvings++)
        {
            if (size % 2 != 0)
                return -1;
        }
        return halvings;
    }
}
