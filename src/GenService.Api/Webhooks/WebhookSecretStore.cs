using GenService.Api.Infrastructure;

namespace GenService.Api.Webhooks;

/// <summary>
/// Where the service-wide webhook secret comes from: the Generations:WebhookSecret setting, or else a file in
/// the data folder (<see cref="SecretFile"/>), so that every process on the same data folder signs with the same secret.
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

        var created = SecretFile.CreateIfMissing(file, () => WebhookSecret.Generate().ToString());
        if (!WebhookSecret.TryParse(File.ReadAllText(file), out var stored))
            throw new InvalidOperationException($"{file} does not hold a webhook secret (whsec_ followed by base64); delete it to have a new one made.");
        logger.LogInformation(
            created ? "Webhook calls are signed with a new secret, written to {SecretFile} (readable by this user only)"
                : "Webhook calls are signed with the secret in {SecretFile}",
            file);
        return stored;
    }
}
