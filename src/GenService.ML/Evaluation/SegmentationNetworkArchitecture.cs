using GenService.ML.Families;

namespace GenService.ML.Evaluation;

/// <summary>
/// Everything that fixes a <see cref="SegmentationNetwork"/>'s layers: the same architecture rebuilds the same
/// parameter names and shapes, so saved weights load into it.
/// </summary>
/// <param name="Classes">Logits per pixel: one per class index from 0 to the highest class index, so that
/// logit i scores class index i (an index that names no class is simply never a target).</param>
/// <param name="BaseChannels">Channels at full resolution; each halving doubles them, up to 4x.</param>
/// <param name="Levels">Stride-2 halvings of the encoder; the image's sides must be multiples of 2^levels.</param>
public sealed record SegmentationNetworkArchitecture(ImageShape Shape, int Classes, int BaseChannels, int Levels)
{
    private const int MaximumChannelMultiplier = 4;
    private const int FormatVersion = 1;

    /// <summary>Channels after <paramref name="level"/> halvings (level 0: full resolution).</summary>
    public int Channels(int level) => BaseChannels * Math.Min(1 << level, MaximumChannelMultiplier);

    /// <summary>Why a segmentation network cannot be built with this architecture, or null when it can.</summary>
    public string? Check()
    {
        if (Shape.Channels is not (1 or 3))
            return $"The segmentation network reads grayscale or RGB images (1 or 3 channels), not {Shape.Channels}.";
        if (Levels < 1)
            return $"The segmentation network needs at least one level, not {Levels}.";
        var multiple = 1 << Levels;
        if (Shape.Height % multiple != 0 || Shape.Width % multiple != 0)
            return $"With {Levels} levels the segmentation network needs sides that are multiples of {multiple}; these images are {Shape.Width}x{Shape.Height}.";
        if (Classes < 2 || BaseChannels < 1)
            return $"The segmentation network needs at least two classes and one channel, not {Classes} and {BaseChannels}.";
        return null;
    }

    public void Write(BinaryWriter writer, string magic)
    {
        ModelFileHeader.Write(writer, magic, FormatVersion, Shape);
        writer.Write(Classes);
        writer.Write(BaseChannels);
        writer.Write(Levels);
    }

    /// <exception cref="InvalidDataException">The stream holds something else, a newer format, or an impossible architecture.</exception>
    public static SegmentationNetworkArchitecture Read(BinaryReader reader, string magic)
    {
        var shape = ModelFileHeader.Read(reader, magic, FormatVersion);
        var architecture = new SegmentationNetworkArchitecture(shape, reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        if (architecture.Check() is { } reason)
            throw new InvalidDataException(reason);
        return architecture;
    }
}
