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
        Read(reader, magic, formatVersion, formatVersion, out _);

    /// <summary>For a format that grew: files of any version from <paramref name="oldestVersion"/> on are read.</summary>
    /// <param name="version">The file's version, which says what follows the header.</param>
    /// <returns>The image shape the file was written for.</returns>
    /// <exception cref="InvalidDataException">The stream holds something else, or a version outside the range.</exception>
    public static ImageShape Read(BinaryReader reader, string magic, int oldestVersion, int newestVersion, out int version)
    {
        var found = reader.ReadString();
        if (!string.Equals(found, magic, StringComparison.Ordinal))
            throw new InvalidDataException($"Expected a '{magic}' file, found '{found}'.");
        version = reader.ReadInt32();
        if (version < oldestVersion || version > newestVersion)
            throw new InvalidDataException(oldestVersion == newestVersion
                ? $"'{magic}' format version {version} is not supported (expected {newestVersion})."
                : $"'{magic}' format version {version} is not supported (expected {oldestVersion} to {newestVersion}).");
        return new ImageShape(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
    }
}
