namespace GenService.Api.Webhooks;

/// <summary>
/// Where the service-wide webhook secret comes from: the Generations:WebhookSecret setting, or else a file in
/// the data folder, created with a new secret on first start and readable by the service's user only.
/// Every process on the same data folder signs with the same secret.
/// </summary>
public static class WebhookSecretStore
{
    public static WebhookSecret Load(string? configured, string file, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!WebhookSecret.TryParse(configured, out var fromSetting))
                throw new InvalidOperationException("Generations:WebhookSecret must be whsec_ followed by the base64 of 16 or more bytes.");
            logger.LogInformation("Webhook calls are signed with the secret set in Generations:WebhookSecret");
            return fromSetting;
        }

        var created = CreateIfMissing(file);
        if (!WebhookSecret.TryParse(File.ReadAllText(file), out var stored))
            throw new InvalidOperationException($"{file} does not hold a webhook secret (whsec_ followed by base64); delete it to have a new one made.");
        logger.LogInformation(
            created ? "Webhook calls are signed with a new secret, written to {SecretFile} (readable by this user only)"
                : "Webhook calls are signed with the secret in {SecretFile}",
            file);
        return stored;
    }

    /// <returns>Whether this call wrote the file. The secret is written to a temporary file first and moved into
    /// place without overwriting, so a process starting at the same time on the same folder keeps the first one.</returns>
    private static bool CreateIfMissing(string file)
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
            writer.WriteLine(WebhookSecret.Generate().ToString());
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
