using System.Text;

namespace GenService.ML.Training;

/// <summary>
/// The one layout of every trainer's checkpoint, so that a trainer only lists what it saves:
/// <c>"GenService.Checkpoint"</c>, the format version, the trainer's architecture record (with its own magic),
/// then each <see cref="CheckpointPart"/> as its name, its length in bytes and its bytes.
/// </summary>
/// <remarks>
/// Names and lengths let a resumed run say which part is missing, cut short or of another trainer, instead of
/// failing somewhere inside TorchSharp. Format 1 had no header of its own: the architecture record first, then
/// the parts back to back without names or lengths. Those files, left by runs in flight before format 2,
/// still load, which is why <see cref="Read"/> wants a stream it can rewind (a file or memory stream), and why
/// trainers list their parts in the order format 1 wrote them.
/// </remarks>
public static class Checkpoint
{
    public const string Magic = "GenService.Checkpoint";
    public const int FormatVersion = 2;

    public static void Write(Stream stream, Action<BinaryWriter> writeArchitecture, IEnumerable<CheckpointPart> parts)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writeArchitecture(writer);
        foreach (var part in parts)
        {
            using var bytes = new MemoryStream();
            using (var partWriter = new BinaryWriter(bytes, Encoding.UTF8, leaveOpen: true))
                part.Save(partWriter);
            writer.Write(part.Name);
            writer.Write(bytes.Length);
            writer.Write(bytes.GetBuffer(), 0, (int)bytes.Length);
        }
    }

    /// <summary>Checks the architecture against this run's, then loads the parts in the order listed (any after them stay unread).</summary>
    /// <exception cref="InvalidDataException">Not a checkpoint, another format version or architecture, or a
    /// part missing, cut short or not what this run reads.</exception>
    public static void Read<TArchitecture>(
        Stream stream, Func<BinaryReader, TArchitecture> readArchitecture, TArchitecture expected, IEnumerable<CheckpointPart> parts)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var where = "its header";
        try
        {
            var start = stream.Position;
            var formatOne = reader.ReadString() != Magic;
            if (formatOne)
                stream.Position = start;    // format 1 began with the architecture record itself
            else
                CheckVersion(reader.ReadInt32());

            var found = readArchitecture(reader);
            if (!EqualityComparer<TArchitecture>.Default.Equals(found, expected))
                throw new InvalidDataException($"The checkpoint is for {found}, this run trains {expected}.");

            foreach (var part in parts)
            {
                where = $"part '{part.Name}'";
                if (formatOne)
                    part.Load(reader);
                else
                    ReadPart(reader, part);
            }
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"The checkpoint ends early, in {where}.", e);
        }
        catch (ArgumentException e)
        {
            // TorchSharp's answer to tensors of other names or shapes than the networks'.
            throw new InvalidDataException($"The checkpoint does not fit this run, in {where}: {e.Message}", e);
        }
    }

    private static void CheckVersion(int version)
    {
        if (version != FormatVersion)
            throw new InvalidDataException($"Checkpoint format version {version} is not supported (expected {FormatVersion}).");
    }

    private static void ReadPart(BinaryReader reader, CheckpointPart part)
    {
        var name = reader.ReadString();
        if (!string.Equals(name, part.Name, StringComparison.Ordinal))
            throw new InvalidDataException($"Expected checkpoint part '{part.Name}', found '{name}'.");
        var length = reader.ReadInt64();
        if (length is < 0 or > int.MaxValue)
            throw new InvalidDataException($"Checkpoint part '{name}' claims an impossible length of {length} bytes.");
        var bytes = reader.ReadBytes((int)length);
        if (bytes.Length != length)
            throw new EndOfStreamException();

        using var partReader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        part.Load(partReader);
        if (partReader.BaseStream.Position != length)
            throw new InvalidDataException($"Checkpoint part '{name}' holds {length - partReader.BaseStream.Position} bytes more than this run reads.");
    }
}
