using System.Globalization;

namespace GenService.ML.Training;

/// <summary>
/// Checkpoints of one run in one folder, as "step-000000500.ckpt", each with the model exported at
/// that step beside it ("step-000000500.model"). Files are written to a temporary file and renamed
/// into place, so a crash mid-write never leaves a half file that a resume would pick up.
/// </summary>
/// <remarks>Only the newest <c>keep</c> checkpoints stay (they hold optimiser state and are only for
/// resuming); every exported model stays, so any checkpoint can still be served or evaluated.</remarks>
public sealed class CheckpointStore(string directory, int keep = 2)
{
    private const string Prefix = "step-";
    private const string Extension = ".ckpt";
    private const string ModelExtension = ".model";

    public string Directory { get; } = directory;

    /// <summary>The newest complete checkpoint, or null when there is none.</summary>
    public (long Step, string Path)? Latest() => Find(Extension).Select(c => ((long, string)?)c).FirstOrDefault();

    /// <summary>The models exported with each checkpoint, newest first.</summary>
    public IReadOnlyList<(long Step, string Path)> Models() => Find(ModelExtension).ToList();

    /// <summary>Writes a checkpoint and its exported model atomically, then prunes all but the newest
    /// <c>keep</c> checkpoints. The model comes first, so a checkpoint always has its model.</summary>
    /// <returns>The checkpoint's path.</returns>
    public string Write(long step, Action<Stream> writeCheckpoint, Action<Stream> exportModel)
    {
        System.IO.Directory.CreateDirectory(Directory);
        WriteAtomically(PathOf(step, ModelExtension), exportModel);
        var path = PathOf(step, Extension);
        WriteAtomically(path, writeCheckpoint);
        foreach (var (_, old) in Find(Extension).Skip(keep))
            File.Delete(old);
        return path;
    }

    /// <summary>Writes a file through a temporary sibling and a rename: readers see the old file or the whole new one.</summary>
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    private string PathOf(long step, string extension) =>
        Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"{Prefix}{step:D9}{extension}"));

    /// <summary>Complete files with this extension, newest step first.</summary>
    private IEnumerable<(long Step, string Path)> Find(string extension) =>
        !System.IO.Directory.Exists(Directory)
            ? []
            : System.IO.Directory.EnumerateFiles(Directory, $"{Prefix}*{extension}")
                .Select(path => (Step: ParseStep(path), Path: path))
                .Where(c => c.Step >= 0)
                .OrderByDescending(c => c.Step);

    private static long ParseStep(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return name.StartsWith(Prefix, StringComparison.Ordinal)
               && long.TryParse(name.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var step)
            ? step
            : -1;
    }
}
