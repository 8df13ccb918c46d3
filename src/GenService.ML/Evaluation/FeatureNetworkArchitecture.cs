using GenService.ML.Families;

namespace GenService.ML.Evaluation;

/// <summary>
/// Everything that fixes a <see cref="FeatureNetwork"/>'s layers: the same architecture rebuilds the same
/// parameter names and shapes, so saved weights load into it.
/// </summary>
/// <remarks>
/// Stride-2 convolutions halve the image (rounding up) until it is at most <see cref="MaximumBottomSize"/>
/// pixels wide: 28 → 14 → 7 → 4, 64 → 32 → 16 → 8 → 4. Global average pooling then makes the features
/// independent of the image size, as Inception's pool3 features are.
/// </remarks>
/// <param name="Outputs">Classes the head predicts: the dataset's labels, or the four rotations.</param>
/// <param name="BaseChannels">Channels at full resolution; each halving doubles them, up to 4x.</param>
public sealed record FeatureNetworkArchitecture(ImageShape Shape, int Outputs, int BaseChannels)
{
    public const int MinimumSize = 8;
    public const int MaximumBottomSize = 4;

    /// <summary>Channels stop doubling here: the features stay at most 4 × base wide, which keeps the
    /// covariance of the Fréchet distance well estimated from a thousand samples.</summary>
    private const int MaximumChannelMultiplier = 4;

    private const int FormatVersion = 1;

    /// <summary>How many stride-2 convolutions the network applies.</summary>
    public int Levels
    {
        get
        {
            var levels = 0;
            for (var size = Shape.Height; size > MaximumBottomSize; size = (size + 1) / 2)
                levels++;
            return levels;
        }
    }

    /// <summary>Feature channels after <paramref name="level"/> halvings (level 0: the full-resolution stem).</summary>
    public int Channels(int level) => BaseChannels * Math.Min(1 << level, MaximumChannelMultiplier);

    /// <summary>Length of a feature vector: the channels of the last level, averaged over positions.</summary>
    public int FeatureDimension => Channels(Levels);

    /// <summary>Why a feature network cannot be built for images of this shape, or null when it can.</summary>
    public static string? Check(ImageShape shape)
    {
        if (shape.Channels is not (1 or 3))
            return $"The feature network reads grayscale or RGB images (1 or 3 channels), not {shape.Channels}.";
        if (shape.Height != shape.Width)
            return $"The feature network needs square images; these are {shape.Width}x{shape.Height}.";
        if (shape.Height < MinimumSize)
            return $"The feature network needs images of at least {MinimumSize} pixels; these are {shape.Height}.";
        return null;
    }

    public void Write(BinaryWriter writer, string magic)
    {
        ModelFileHeader.Write(writer, magic, FormatVersion, Shape);
        writer.Write(Outputs);
        writer.Write(BaseChannels);
    }

    /// <exception cref="InvalidDataException">The stream holds something else, or a newer format.</exception>
    public static FeatureNetworkArchitecture Read(BinaryReader reader, string magic)
    {
        var shape = ModelFileHeader.Read(reader, magic, FormatVersion);
        var architecture = new FeatureNetworkArchitecture(shape, reader.ReadInt32(), reader.ReadInt32());
        if (Check(shape) is { } reason)
            throw new InvalidDataException(reason);
        if (architecture.Outputs < 2 || architecture.BaseChannels < 1)
            throw new InvalidDataException($"'{magic}' holds fewer than two outputs or no channels.");
        return architecture;
    }
}
