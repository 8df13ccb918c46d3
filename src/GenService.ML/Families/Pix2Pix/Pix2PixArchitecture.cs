namespace GenService.ML.Families.Pix2Pix;

/// <summary>
/// Everything that fixes pix2pix's layers (Isola et al. 2017): rebuilding the networks from the same
/// architecture gives the same parameter names and shapes, so saved weights load into them.
/// </summary>
/// <remarks>
/// The U-Net halves the image <see cref="Levels"/> times, down to a 1x1 bottleneck (8 levels at 256, the
/// paper's); channels double per level from <see cref="BaseChannels"/> up to 8x (C64-C128-C256-C512-C512...).
/// The PatchGAN's depth follows the image size so that its patches keep about the paper's share of the
/// image (70 of 256 pixels): see <see cref="DiscriminatorLayers"/>.
/// </remarks>
/// <param name="InputChannels">Channels of the input A (1 for edges and grayscale).</param>
/// <param name="Shape">Shape of the output B: 1 or 3 channels, 32 to 256 pixels square.</param>
/// <param name="BaseChannels">The paper's 64: channels of G's first and last and D's first layer.</param>
public sealed record Pix2PixArchitecture(int InputChannels, ImageShape Shape, int BaseChannels)
{
    /// <summary>The paper's dropout rate, on the innermost <see cref="DropoutBlocks"/> decoder blocks.</summary>
    public const double DropoutRate = 0.5;

    /// <summary>CD512-CD512-CD512: the first three decoder blocks drop out (Isola et al. 2017, appendix 6.1.1).</summary>
    public const int DropoutBlocks = 3;

    private const int MaximumChannelMultiplier = 8;
    private const int FormatVersion = 1;

    /// <summary>Square power-of-two sizes: every level halves or doubles the resolution, 256 is the paper's.</summary>
    public static IReadOnlyList<int> Sizes { get; } = [32, 64, 128, 256];

    public ImageShape InputShape => Shape with { Channels = InputChannels };

    /// <summary>Downsamplings of the U-Net, from the image to a 1x1 bottleneck: log2 of the size.</summary>
    public int Levels => (int)Math.Log2(Shape.Height);

    /// <summary>Channels of the encoder's output at <paramref name="level"/> (1 to <see cref="Levels"/>, at S / 2^level),
    /// and of the decoder's output at the same resolution.</summary>
    public int Channels(int level) => BaseChannels * Math.Min(1 << (level - 1), MaximumChannelMultiplier);

    /// <summary>
    /// The PatchGAN's stride-2 layers (the reference's n_layers): 3 at 256 pixels, the paper's 70x70
    /// receptive field; 2 (34x34) at 128; 1 (16x16) at 64 and 32. Each keeps the patch at about a quarter of
    /// the image side (half at 32, where no shallower PatchGAN exists).
    /// </summary>
    public int DiscriminatorLayers => Math.Max(1, Levels - 5);

    /// <summary>Side in pixels of the image patch one PatchGAN score sees: 16, 34, 70, 142 for 1 to 4 layers.</summary>
    public static int ReceptiveField(int discriminatorLayers)
    {
        // Back from one score through the two stride-1 4x4 convolutions, then each stride-2 one.
        var field = 1 + 3 + 3;
        for (var layer = 0; layer < discriminatorLayers; layer++)
            field = (field - 1) * 2 + 4;
        return field;
    }

    /// <summary>Why pix2pix cannot translate images of this shape, or null when it can.</summary>
    public static string? Check(ImageShape shape)
    {
        if (shape.Channels is not (1 or 3))
            return $"pix2pix translates to grayscale or RGB images (1 or 3 channels); these have {shape.Channels}.";
        if (shape.Height != shape.Width)
            return $"pix2pix translates square images; these are {shape.Width}x{shape.Height}. Crop them to a square first.";
        if (shape.Height > Sizes[^1])
            return $"pix2pix translates at most {Sizes[^1]}x{Sizes[^1]} images; these are {shape.Width}x{shape.Height}. "
                   + $"Upload them downscaled to {Sizes[^1]} pixels or less.";
        return null;
    }

    /// <summary>The shape a model trained on <paramref name="datasetShape"/> translates to: the smallest allowed
    /// size that holds the images (28x28 Fashion-MNIST trains at 32x32), same channels.</summary>
    public static ImageShape OutputShape(ImageShape datasetShape)
    {
        var size = Sizes.FirstOrDefault(s => s >= Math.Max(datasetShape.Height, datasetShape.Width));
        if (size == 0)
            throw new ArgumentException($"No pix2pix size holds {datasetShape.Width}x{datasetShape.Height} images.", nameof(datasetShape));
        return new ImageShape(datasetShape.Channels, size, size);
    }

    public void Write(BinaryWriter writer, string magic)
    {
        ModelFileHeader.Write(writer, magic, FormatVersion, Shape);
        writer.Write(InputChannels);
        writer.Write(BaseChannels);
    }

    /// <exception cref="InvalidDataException">The stream holds something else, or a newer format.</exception>
    public static Pix2PixArchitecture Read(BinaryReader reader, string magic)
    {
        var shape = ModelFileHeader.Read(reader, magic, FormatVersion);
        var architecture = new Pix2PixArchitecture(reader.ReadInt32(), shape, reader.ReadInt32());
        var reason = Check(shape) ?? (Sizes.Contains(shape.Height) ? null : $"pix2pix translates {string.Join(", ", Sizes)} pixels square, not {shape.Height}.");
        if (reason is not null)
            throw new InvalidDataException(reason);
        if (architecture.InputChannels is not (1 or 3) || architecture.BaseChannels < 1)
            throw new InvalidDataException($"'{magic}' holds an input of {architecture.InputChannels} channels or a non-positive channel count.");
        return architecture;
    }
}
