namespace GenService.ML.Families.SuperResolution;

/// <summary>
/// Everything that fixes the SRResNet generator's layers (Ledig et al. 2017, figure 4): rebuilding it from
/// the same architecture gives the same parameter names and shapes, so saved weights load into it.
/// </summary>
/// <param name="Shape">The training images' shape (for photos at their own sizes, their smallest height and width): their channels are the generator's input and output
/// channels; their size is what a model makes from an image downscaled <paramref name="Scale"/> times.</param>
/// <param name="Scale">2 or 4: one ×2 sub-pixel upsampling block per factor of 2.</param>
/// <param name="Channels">Feature channels of every hidden layer (the paper's 64).</param>
/// <param name="ResidualBlocks">B, the residual blocks at low resolution (the paper's 16).</param>
/// <param name="BicubicSkip">Whether the input's bicubic upscale is added to the output, so the network learns
/// only what bicubic misses (Kim et al. 2016's global residual learning; Ledig et al. 2017 have no such skip).</param>
public sealed record SuperResolutionArchitecture(ImageShape Shape, int Scale, int Channels, int ResidualBlocks, bool BicubicSkip = false)
{
    public const int HeadKernel = 9;
    public const int TailKernel = 9;
    public const int BodyKernel = 3;

    /// <summary>The smallest image side a run trains on: a 16-pixel crop still leaves a 4x4 input at ×4 and
    /// a 1x1 map after the discriminator's four halvings.</summary>
    public const int MinimumSize = 16;

    public static IReadOnlyList<int> Scales { get; } = [2, 4];

    /// <summary>What both families' models do.</summary>
    public static IReadOnlySet<ModelCapability> Capabilities { get; } = new HashSet<ModelCapability> { ModelCapability.SuperResolve };

    /// <summary>Images of one size, and photos at their own sizes: both give the random crops the families train on
    /// (<see cref="SuperResolutionCrops"/>).</summary>
    public static IReadOnlySet<DatasetKind> DatasetKinds { get; } = new HashSet<DatasetKind> { DatasetKind.Images, DatasetKind.Photos };

    /// <summary>Version 2 added <see cref="BicubicSkip"/>; files of version 1 have none.</summary>
    private const int FormatVersion = 2;

    /// <summary>How many ×2 upsampling blocks the generator has: log2(scale).</summary>
    public int UpsampleBlocks => System.Numerics.BitOperations.Log2((uint)Scale);

    /// <summary>
    /// How far, in input pixels, the inputs that shape an output pixel lie from the input pixel it is upscaled
    /// from: the 9x9 head (4), two 3x3 convolutions per residual block (2 each), the 3x3 convolution after them
    /// (1), one 3x3 convolution per upsampling block at its input resolution (1, ½, ...) and the 9x9 tail at the
    /// output resolution (4 / scale); rounded up. The bicubic skip reaches 2 input pixels, well inside that. A tile with this much context around it upscales exactly as
    /// the whole image does (<see cref="TiledUpscaler"/>).
    /// </summary>
    public int ReceptiveRadius
    {
        get
        {
            var radius = HeadKernel / 2 + 2 * (BodyKernel / 2) * ResidualBlocks + BodyKernel / 2 + (double)(TailKernel / 2) / Scale;
            for (var block = 0; block < UpsampleBlocks; block++)
                radius += (double)(BodyKernel / 2) / (1 << block);
            return (int)Math.Ceiling(radius);
        }
    }

    /// <summary>Why a super-resolution network cannot train on images of this shape, or null when it can.</summary>
    public static string? Check(ImageShape shape)
    {
        if (shape.Channels is not (1 or 3))
            return $"Super-resolution works on grayscale or RGB images (1 or 3 channels); these have {shape.Channels}.";
        if (Math.Min(shape.Height, shape.Width) < MinimumSize)
            return $"Super-resolution trains on crops of at least {MinimumSize}x{MinimumSize} pixels; these images are {shape.Width}x{shape.Height}.";
        return null;
    }

    public void Write(BinaryWriter writer, string magic)
    {
        ModelFileHeader.Write(writer, magic, FormatVersion, Shape);
        writer.Write(Scale);
        writer.Write(Channels);
        writer.Write(ResidualBlocks);
        writer.Write(BicubicSkip);
    }

    /// <exception cref="InvalidDataException">The stream holds something else, or a newer format.</exception>
    public static SuperResolutionArchitecture Read(BinaryReader reader, string magic)
    {
        var (shape, version) = ModelFileHeader.Read(reader, magic, [1, FormatVersion]);
        var architecture = new SuperResolutionArchitecture(shape, reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(),
            BicubicSkip: version >= 2 && reader.ReadBoolean());
        if (Check(shape) is { } reason)
            throw new InvalidDataException(reason);
        if (!Scales.Contains(architecture.Scale) || architecture.Channels < 1 || architecture.ResidualBlocks < 0)
            throw new InvalidDataException($"'{magic}' holds an unsupported scale, no channels or a negative block count.");
        return architecture;
    }
}
