namespace GenService.ML.Families.Spade;

/// <summary>
/// Everything that fixes SPADE's layers (Park et al. 2019): rebuilding the networks from the same architecture gives
/// the same parameter names and shapes, so saved weights load into them.
/// </summary>
/// <remarks>
/// The generator starts from z at <see cref="StartSide"/> pixels and doubles <see cref="Upsamplings"/> times: five at
/// 128 and 256 pixels, as the paper's "normal" generator (8x8 to 256), one fewer per halving below, so it always starts
/// at 4x4 or more. Its widest layers have <see cref="TopMultiplier"/> × <see cref="Channels"/> channels (the paper's
/// 16 × 64), halving at each upsampling after the middle blocks.
/// </remarks>
/// <param name="LabelChannels">One-hot channels of a label map: the largest class index + 1.</param>
/// <param name="DontCareIndex">The index whose pixels get an all-zero one-hot vector, or null.</param>
/// <param name="Shape">Shape of the images: 1 or 3 channels, square, a size of <see cref="Sizes"/>.</param>
/// <param name="Channels">The paper's nf (64): the last block's width; the encoder's and discriminator's first layer's.</param>
/// <param name="SpadeHidden">Channels of the hidden layer that predicts γ and β in every SPADE layer (the paper's 128).</param>
/// <param name="LatentDimension">Size of the style code z (the paper's 256).</param>
public sealed record SpadeArchitecture(
    int LabelChannels, int? DontCareIndex, ImageShape Shape, int Channels, int SpadeHidden, int LatentDimension, SpadeNormalisationKind Normalisation)
{
    /// <summary>Stride-2 layers of each PatchGAN plus its stride-1 one: the reference's n_layers_D, 4.</summary>
    public const int DiscriminatorLayers = 4;

    /// <summary>PatchGANs, each on the images downsampled once more than the last (the reference's num_D).</summary>
    public const int DiscriminatorScales = 2;

    private const int MaximumUpsamplings = 5;
    private const int MaximumDiscriminatorMultiplier = 8;
    private const int FormatVersion = 1;

    /// <summary>Square power-of-two sizes, each upsampling doubling the side; 256 is the paper's.</summary>
    public static IReadOnlyList<int> Sizes { get; } = [32, 64, 128, 256];

    public int Upsamplings => Math.Min(MaximumUpsamplings, (int)Math.Log2(Shape.Height) - 2);

    /// <summary>Side of the generator's first feature map, which z is projected to.</summary>
    public int StartSide => Shape.Height >> Upsamplings;

    /// <summary>Width of the head and middle blocks over <see cref="Channels"/>: 16 with five upsamplings, as the paper's.</summary>
    public int TopMultiplier => 1 << (Upsamplings - 1);

    /// <summary>Downsamplings of the style encoder, to a 4x4 map (six at 256, as the reference's encoder of 256-pixel images).</summary>
    public int EncoderLayers => (int)Math.Log2(Shape.Height) - 2;

    /// <summary>Channels of the style encoder's layer <paramref name="layer"/> (0-based): 1, 2, 4, 8, 8, 8 × <see cref="Channels"/>.</summary>
    public int EncoderChannels(int layer) => Channels * Math.Min(1 << layer, 8);

    /// <summary>Channels of a PatchGAN's layer <paramref name="layer"/> (0-based): 1, 2, 4, 8 × <see cref="Channels"/>.</summary>
    public int DiscriminatorChannels(int layer) => Channels * Math.Min(1 << layer, MaximumDiscriminatorMultiplier);

    /// <summary>Why SPADE cannot render images of this shape, or null when it can.</summary>
    public static string? Check(ImageShape shape)
    {
        if (shape.Channels is not (1 or 3))
            return $"SPADE renders grayscale or RGB images (1 or 3 channels); these have {shape.Channels}.";
        if (shape.Height != shape.Width)
            return $"SPADE renders square images; these are {shape.Width}x{shape.Height}.";
        if (shape.Height > Sizes[^1])
            return $"SPADE renders at most {Sizes[^1]}x{Sizes[^1]} images; these are {shape.Width}x{shape.Height}. Use a dataset of {Sizes[^1]} pixels or less.";
        return null;
    }

    /// <summary>The shape a model trained on <paramref name="datasetShape"/> renders: the smallest allowed size that holds
    /// the images (a 96-pixel dataset trains at 128), same channels.</summary>
    public static ImageShape OutputShape(ImageShape datasetShape)
    {
        var size = Sizes.FirstOrDefault(s => s >= Math.Max(datasetShape.Height, datasetShape.Width));
        if (size == 0)
            throw new ArgumentException($"No SPADE size holds {datasetShape.Width}x{datasetShape.Height} images.", nameof(datasetShape));
        return new ImageShape(datasetShape.Channels, size, size);
    }

    /// <summary>One-hot channels for maps whose classes have these indices: the largest + 1, "don't care" not counted.</summary>
    public static int LabelChannelsFor(IEnumerable<int> classIndices) => classIndices.Max() + 1;

    public void Write(BinaryWriter writer, string magic)
    {
        ModelFileHeader.Write(writer, magic, FormatVersion, Shape);
        writer.Write(LabelChannels);
        writer.Write(DontCareIndex ?? -1);
        writer.Write(Channels);
        writer.Write(SpadeHidden);
        writer.Write(LatentDimension);
        writer.Write((int)Normalisation);
    }

    /// <exception cref="InvalidDataException">The stream holds something else, or a newer format.</exception>
    public static SpadeArchitecture Read(BinaryReader reader, string magic)
    {
        var shape = ModelFileHeader.Read(reader, magic, FormatVersion);
        var (labelChannels, dontCare) = (reader.ReadInt32(), reader.ReadInt32());
        var architecture = new SpadeArchitecture(
            labelChannels, dontCare < 0 ? null : dontCare, shape, reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), (SpadeNormalisationKind)reader.ReadInt32());
        var reason = Check(shape) ?? (Sizes.Contains(shape.Height) ? null : $"SPADE renders {string.Join(", ", Sizes)} pixels square, not {shape.Height}.");
        if (reason is not null)
            throw new InvalidDataException(reason);
        if (labelChannels is < 1 or > 256 || architecture.Channels < 1 || architecture.SpadeHidden < 1 || architecture.LatentDimension < 1
            || !Enum.IsDefined(architecture.Normalisation))
            throw new InvalidDataException($"'{magic}' holds {labelChannels} label channels, a non-positive width or an unknown normalisation.");
        return architecture;
    }
}
