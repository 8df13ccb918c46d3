namespace GenService.ML.Families.CycleGan;

/// <summary>
/// Everything that fixes CycleGAN's layers (Zhu et al. 2017): rebuilding the networks from the same architecture
/// gives the same parameter names and shapes, so saved weights load into them.
/// </summary>
/// <remarks>
/// The ResNet generator halves the image twice and doubles it twice, so the side must be a multiple of 4; its
/// channels are <see cref="BaseChannels"/>, 2x and 4x (the paper's c7s1-64, d128, d256, R256 ×
/// <see cref="ResidualBlocks"/>, u128, u64, c7s1-3). The PatchGAN's depth is the paper's 3 stride-2 layers (70x70
/// patches) where the image holds 32 pixels or more, fewer below (see <see cref="DiscriminatorLayers"/>).
/// </remarks>
/// <param name="Shape">Both domains' images: 1 or 3 channels, square, a multiple of 4 from 16 to 256 pixels.</param>
/// <param name="BaseChannels">The paper's 64: channels of G's first and last layer and of D's first.</param>
/// <param name="ResidualBlocks">Residual blocks at a quarter of the resolution: the paper's 6 at 128 pixels, 9 at 256.</param>
public sealed record CycleGanArchitecture(ImageShape Shape, int BaseChannels, int ResidualBlocks)
{
    public const int MinimumSize = 16;
    public const int MaximumSize = 256;

    /// <summary>The paper's 70x70 PatchGAN: C64-C128-C256 at stride 2, then C512 at stride 1 and the score.</summary>
    public const int PaperDiscriminatorLayers = 3;

    /// <summary>G's downsamplings (and upsamplings): d128 and d256.</summary>
    public const int Downsamplings = 2;

    private const int FormatVersion = 1;

    /// <summary>
    /// The PatchGAN's stride-2 layers: the paper's 3 from 32 pixels up; 2 below (at 16 to 28 pixels three halvings
    /// would leave no patch for the two stride-1 4x4 convolutions to score).
    /// </summary>
    public int DiscriminatorLayers => Math.Min(PaperDiscriminatorLayers, (int)Math.Log2(Shape.Height) - 2);

    /// <summary>Why these networks cannot be built, or null when they can: the shape must pass <see cref="Check"/> and its
    /// side be a multiple of 4 (<see cref="OutputShape"/> rounds a dataset's up).</summary>
    public string? Problem => Check(Shape) ?? (Shape.Height % 4 == 0 ? null : $"CycleGAN translates sides that are multiples of 4, not {Shape.Height}.");

    /// <summary>Why CycleGAN cannot translate images of this shape, or null when it can.</summary>
    public static string? Check(ImageShape shape)
    {
        if (shape.Channels is not (1 or 3))
            return $"CycleGAN translates grayscale or RGB images (1 or 3 channels); these have {shape.Channels}.";
        if (shape.Height != shape.Width)
            return $"CycleGAN translates square images; these are {shape.Width}x{shape.Height}. Crop them to a square first.";
        if (shape.Height < MinimumSize || shape.Height > MaximumSize)
            return $"CycleGAN translates images of {MinimumSize} to {MaximumSize} pixels square; these are {shape.Width}x{shape.Height}.";
        return null;
    }

    /// <summary>The shape a model trained on <paramref name="datasetShape"/> translates: the next multiple of 4 that
    /// holds the images (28x28 Fashion-MNIST stays 28x28), same channels.</summary>
    public static ImageShape OutputShape(ImageShape datasetShape)
    {
        var size = (Math.Max(datasetShape.Height, datasetShape.Width) + 3) / 4 * 4;
        return new ImageShape(datasetShape.Channels, size, size);
    }

    public void Write(BinaryWriter writer, string magic)
    {
        ModelFileHeader.Write(writer, magic, FormatVersion, Shape);
        writer.Write(BaseChannels);
        writer.Write(ResidualBlocks);
    }

    /// <exception cref="InvalidDataException">The stream holds something else, or a newer format.</exception>
    public static CycleGanArchitecture Read(BinaryReader reader, string magic)
    {
        var shape = ModelFileHeader.Read(reader, magic, FormatVersion);
        var architecture = new CycleGanArchitecture(shape, reader.ReadInt32(), reader.ReadInt32());
        if (architecture.Problem is { } reason)
            throw new InvalidDataException(reason);
        if (architecture.BaseChannels < 1 || architecture.ResidualBlocks < 0)
            throw new InvalidDataException($"'{magic}' holds a non-positive channel count or a negative number of residual blocks.");
        return architecture;
    }
}
