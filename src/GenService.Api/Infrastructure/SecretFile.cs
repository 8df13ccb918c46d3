namespace GenService.Api.Infrastructure;

/// <summary>A secret the service makes on first start and keeps in the data folder, readable by the service's
/// user only (folder 0700, file 0600). Every process on the same data folder reads the same file.</summary>
public static class SecretFile
{
    /// <returns>Whether this call wrote the file. The secret is written to a temporary file first and moved into
    /// place without overwriting, so a process starting at the same time on the same folder keeps the first one.</returns>
    public static bool CreateIfMissing(string file, Func<string> newSecret)
    {
        if (File.Exists(file))
            return false;
        var folder = Path.GetDirectoryName(file)!;
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(folder);
        else
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var temporary = $"{file}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(temporary, options))
            writer.WriteLine(newSecret());
        try
        {
            File.Move(temporary, file, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(file))
        {
            File.Delete(temporary);
            return false;
        }
    }
}
