using GenService.ML.Adversarial;
using GenService.ML.Families.Dcgan;

namespace GenService.ML.Families.TextGan;

/// <summary>
/// Everything that fixes the text-to-image networks' layers: rebuilding them from the same architecture gives the same
/// parameter names and shapes, so saved weights load into them.
/// </summary>
/// <param name="Shape">Stage I's images: 1 or 3 channels, 32, 64 or 128 pixels square; stage II draws twice the size.</param>
/// <param name="VocabularySize">Rows of the text encoder's token table (<see cref="Text.CaptionVocabulary.Count"/>).</param>
/// <param name="TokenDim">Width of a token embedding.</param>
/// <param name="HiddenDim">Width of the text encoder's GRU state.</param>
/// <param name="TextDim">Width of the text embedding φ(t).</param>
/// <param name="ConditionDim">Width of the augmented condition ĉ (StackGAN's N_g) and of D's projected text.</param>
/// <param name="LatentDim">Width of z.</param>
/// <param name="BaseChannels">Channels of stage I's G last and D's first hidden layer, doubling with every halving of
/// the resolution up to 8x (<see cref="DcganArchitecture"/>).</param>
/// <param name="StageTwoChannels">Stage II's width: its generator works with 1x to 4x, its discriminator's first hidden
/// layer has it, doubling as stage I's D does.</param>
public sealed record TextGanArchitecture(
    ImageShape Shape, int VocabularySize, int TokenDim, int HiddenDim, int TextDim, int ConditionDim, int LatentDim, int BaseChannels, int StageTwoChannels)
{
    /// <summary>Version 2 adds stage II's own width; version 1 files, whose stage II had stage I's, still load. Version 3
    /// models store the joint embedding's image encoder after the generator (<see cref="ImageEncoderVersion"/>).</summary>
    private const int FormatVersion = 3;
    private const int StageOneWidthVersion = 1;
    private const int StageTwoWidthVersion = 2;

    /// <summary>The first version whose model files hold the image encoder.</summary>
    public const int ImageEncoderVersion = 3;

    /// <summary>Stage II's images: stage I's at twice the side.</summary>
    public ImageShape StageTwoShape => Doubled(Shape);

    /// <summary>Stage I's generator is Reed et al.'s: a DCGAN generator (as theirs) whose input is z and ĉ together.</summary>
    public DcganArchitecture StageOneGenerator => new(Shape, LatentDim + ConditionDim, BaseChannels, CriticNormalisation.BatchNorm);

    public ImageShape StageShape(TextToImageStage stage) => stage == TextToImageStage.I ? Shape : StageTwoShape;

    /// <summary>Why a text GAN cannot draw stage I images of this shape, or null when it can.</summary>
    public static string? Check(ImageShape shape) =>
        GanResolution.Check(shape, TextGanFamily.ArchitectureName) ?? (GanResolution.Sizes.Contains(shape.Height)
            ? null
            : $"Stage I draws {string.Join(", ", GanResolution.Sizes)} pixels square, not {shape.Height}.");

    public void Write(BinaryWriter writer, string magic)
    {
        ModelFileHeader.Write(writer, magic, FormatVersion, Shape);
        writer.Write(VocabularySize);
        writer.Write(TokenDim);
        writer.Write(HiddenDim);
        writer.Write(TextDim);
        writer.Write(ConditionDim);
        writer.Write(LatentDim);
        writer.Write(BaseChannels);
        writer.Write(StageTwoChannels);
    }

    /// <exception cref="InvalidDataException">The stream holds something else, or a newer format.</exception>
    public static TextGanArchitecture Read(BinaryReader reader, string magic) => ReadVersioned(reader, magic).Architecture;

    /// <returns>The architecture and the format version the file was written in.</returns>
    /// <exception cref="InvalidDataException">The stream holds something else, or a newer format.</exception>
    public static (TextGanArchitecture Architecture, int Version) ReadVersioned(BinaryReader reader, string magic)
    {
        var (shape, version) = ModelFileHeader.Read(reader, magic, [StageOneWidthVersion, StageTwoWidthVersion, FormatVersion]);
        var (vocabularySize, tokenDim, hiddenDim, textDim, conditionDim, latentDim, baseChannels) =
            (reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        var stageTwoChannels = version == StageOneWidthVersion ? baseChannels : reader.ReadInt32();
        var architecture = new TextGanArchitecture(shape, vocabularySize, tokenDim, hiddenDim, textDim, conditionDim, latentDim, baseChannels, stageTwoChannels);
        if (Check(shape) is { } reason)
            throw new InvalidDataException(reason);
        if (architecture.VocabularySize < 2 || new[] { architecture.TokenDim, architecture.HiddenDim, architecture.TextDim, architecture.ConditionDim, architecture.LatentDim, architecture.BaseChannels, architecture.StageTwoChannels }.Any(size => size < 1))
            throw new InvalidDataException($"'{magic}' holds a vocabulary under 2 entries or a non-positive layer width.");
        return (architecture, version);
    }

    /// <summary>The shape stage I draws for a dataset of this shape: the next GAN size up (<see cref="GanResolution"/>).</summary>
    public static ImageShape StageOneShape(ImageShape datasetShape) => GanResolution.OutputShape(datasetShape);

    /// <summary>The shape at twice the side: stage II's of stage I's.</summary>
    public static ImageShape Doubled(ImageShape shape) => new(shape.Channels, shape.Height * 2, shape.Width * 2);
}
