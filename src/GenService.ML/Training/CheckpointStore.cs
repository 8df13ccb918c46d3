using System.Globalization;

namespace GenService.ML.Training;

/// <summary>
/// Checkpoints of one run in one folder, as "step-000000500.ckpt". A checkpoint is written to a
/// temporary file and renamed into place, so a crash mid-write never leaves a half checkpoint that a
/// resume would pick up.
/// </summary>
public sealed class CheckpointStore(string directory, int keep = 2)
{
    private const string Prefix = "step-";
    private const string Extension = ".ckpt";

    public string Directory { get; } = directory;

    /// <summary>The newest complete checkpoint, or null when there is none.</summary>
    public (long Step, string Path)? Latest()
    {
        if (!System.IO.Directory.Exists(Directory))
            return null;
        return System.IO.Directory.EnumerateFiles(Directory, $"{Prefix}*{Extension}")
            .Select(path => (Step: ParseStep(path), Path: path))
            .Where(c => c.Step >= 0)
            .OrderByDescending(c => c.Step)
            .Select(c => ((long, string)?)c)
            .FirstOrDefault();
    }

    /// <summary>Writes a checkpoint atomically, then prunes all but the newest <c>keep</c>.</summary>
    public string Write(long step, Action<Stream> write)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"{Prefix}{step:D9}{Extension}"));
        WriteAtomically(path, write);
        foreach (var old in System.IO.Directory.EnumerateFiles(Directory, $"{Prefix}*{Extension}")
                     .Where(p => ParseStep(p) >= 0)
                     .OrderByDescending(ParseStep)
                     .Skip(keep))
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

    private static long ParseStep(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return name.StartsWith(Prefix, StringComparison.Ordinal)
               && long.TryParse(name.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var step)
            ? step
            : -1;
    }
}
