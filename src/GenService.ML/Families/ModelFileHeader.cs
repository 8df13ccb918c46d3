namespace GenService.ML.Families;

/// <summary>
/// How every checkpoint and exported model file starts: a magic string saying what it holds, its format
/// version and the image shape. Reading it first means a wrong or newer file is refused with a clear
/// message before any weights are read.
/// </summary>
public static class ModelFileHeader
{
    public static void Write(BinaryWriter writer, string magic, int formatVersion, ImageShape shape)
    {
        writer.Write(magic);
        writer.Write(formatVersion);
        writer.Write(shape.Channels);
        writer.Write(shape.Height);
        writer.Write(shape.Width);
    }

    /// <returns>The image shape the file was written for.</returns>
    /// <exception cref="InvalidDataException">The stream holds something else, or another format version.</exception>
    public static ImageShape Read(BinaryReader reader, string magic, int formatVersion) =>
        Read(reader, magic, [formatVersion]).Shape;

    /// <summary>The header of a file in any of the <paramref name="formatVersions"/> this build still reads.</summary>
    /// <returns>The image shape and the version the file was written in.</returns>
    /// <exception cref="InvalidDataException">The stream holds something else, or a version not listed.</exception>
    public static (ImageShape Shape, int Version) Read(BinaryReader reader, string magic, IReadOnlyList<int> formatVersions)
    {
        var found = reader.ReadString();
        if (!string.Equals(found, magic, StringComparison.Ordinal))
            throw new InvalidDataException($"Expected a '{magic}' file, found '{found}'.");
        var version = reader.ReadInt32();
        if (!formatVersions.Contains(version))
            throw new InvalidDataException($"'{magic}' format version {version} is not supported (expected {string.Join(" or ", formatVersions)}).");
        return (new ImageShape(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32()), version);
    }
}
