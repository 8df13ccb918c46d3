namespace GenService.ML.Families.StyleGan;

/// <summary>
/// Everything that fixes the networks' layers: rebuilding a generator or discriminator from the same
/// architecture gives the same parameter names and shapes, so saved weights load into it.
/// </summary>
/// <param name="Shape">The generated images: square, a power of two from <see cref="MinimumResolution"/> to <see cref="MaximumResolution"/>.</param>
/// <param name="WDim">Size of z and of w (Karras et al. 2019 use 512 for both).</param>
/// <param name="MappingLayers">Fully connected layers of the mapping network z → w.</param>
/// <param name="ChannelBase">Feature maps at resolution r are ChannelBase / r, at most <paramref name="MaxChannels"/>
/// (StyleGAN2's rule: wide at coarse resolutions, narrow where the maps are large).</param>
public sealed record StyleGanArchitecture(ImageShape Shape, int WDim, int MappingLayers, int ChannelBase, int MaxChannels)
{
    public const int MinimumResolution = 16;
    public const int MaximumResolution = 128;

    /// <summary>The learned constant the synthesis network starts from is 4x4, as in the paper.</summary>
    public const int InputResolution = 4;

    private const int FormatVersion = 1;

    public int Resolution => Shape.Height;

    /// <summary>Synthesis blocks after the 4x4 input, each doubling the resolution.</summary>
    public int BlockCount => Log2(Resolution) - Log2(InputResolution);

    /// <summary>One style per modulated convolution, the toRGB layer of a block sharing its style with the
    /// next block's first convolution (StyleGAN2): 2·log2(R) − 2, e.g. 8 at 32x32.</summary>
    public int StyleCount => 2 * BlockCount + 2;

    /// <summary>The side of the layer each style modulates: 4, 4, 8, 8, ... R, R (a style shared by a toRGB and
    /// the next block's upsampling convolution counts at the toRGB's resolution, as in the paper's grouping).</summary>
    public IReadOnlyList<int> StyleResolutions =>
        Enumerable.Range(0, StyleCount).Select(style => InputResolution << (style / 2)).ToList();

    /// <summary>Noise inputs: one per 3x3 synthesis layer (toRGB takes none).</summary>
    public int NoiseCount => 2 * BlockCount + 1;

    /// <summary>Feature maps of the generator and discriminator at <paramref name="resolution"/>.</summary>
    public int Channels(int resolution) => Math.Clamp(ChannelBase / resolution, 1, MaxChannels);

    /// <summary>The square power-of-two size a dataset of this size trains at: its own size when it is one,
    /// else the next one up (Fashion-MNIST's 28 → 32).</summary>
    public static int ResolutionFor(int datasetSize)
    {
        var resolution = MinimumResolution;
        while (resolution < datasetSize)
            resolution *= 2;
        return resolution;
    }

    /// <summary>Why StyleGAN cannot train on images of this shape, or null when it can.</summary>
    public static string? CheckDataset(ImageShape shape)
    {
        if (shape.Channels is not (1 or 3))
            return $"StyleGAN generates grayscale or RGB images (1 or 3 channels), not {shape.Channels}.";
        if (shape.Height != shape.Width)
            return $"StyleGAN needs square images; these are {shape.Width}x{shape.Height}.";
        if (shape.Height is < MinimumResolution or > MaximumResolution)
            return $"StyleGAN trains on images from {MinimumResolution} to {MaximumResolution} pixels; these are {shape.Height}. "
                   + "Sizes that are not a power of two are resized up to the next one (e.g. 28 → 32).";
        return null;
    }

    public void Write(BinaryWriter writer, string magic)
    {
        ModelFileHeader.Write(writer, magic, FormatVersion, Shape);
        writer.Write(WDim);
        writer.Write(MappingLayers);
        writer.Write(ChannelBase);
        writer.Write(MaxChannels);
    }

    /// <exception cref="InvalidDataException">The stream holds something else, or a newer format.</exception>
    public static StyleGanArchitecture Read(BinaryReader reader, string magic)
    {
        var shape = ModelFileHeader.Read(reader, magic, FormatVersion);
        var architecture = new StyleGanArchitecture(shape, reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        if (architecture.Check() is { } reason)
            throw new InvalidDataException(reason);
        return architecture;
    }

    /// <summary>Why no network can be built for this architecture, or null when one can.</summary>
    public string? Check()
    {
        if (CheckDataset(Shape) is { } reason)
            return reason;
        if (ResolutionFor(Resolution) != Resolution)
            return $"StyleGAN generates power-of-two sizes; {Resolution} is not one.";
        if (WDim < 1 || MappingLayers < 1 || ChannelBase < 1 || MaxChannels < 1)
            return "StyleGAN needs a positive w size, mapping depth and channel counts.";
        return null;
    }

    private static int Log2(int value) => System.Numerics.BitOperations.Log2((uint)value);
}
