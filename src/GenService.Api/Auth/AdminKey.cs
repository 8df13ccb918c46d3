using System.Security.Cryptography;
using GenService.Api.Infrastructure;

namespace GenService.Api.Auth;

/// <summary>
/// The operator's key, which has every scope and is not in the database: the Auth:AdminKey setting, or else a
/// key made on first start and kept in the data folder (<see cref="SecretFile"/>). It is what creates the other
/// keys, so no DELETE can lock the operator out; to replace it, change the setting or delete the file and restart.
/// </summary>
public sealed class AdminKey
{
    public const string Name = "admin key";

    private readonly byte[] hash;

    private AdminKey(ApiKeySecret key) => hash = key.Hash();

    public bool Matches(byte[] presentedHash) => CryptographicOperations.FixedTimeEquals(hash, presentedHash);

    public static AdminKey Load(string? configured, string file, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!ApiKeySecret.TryParse(configured, out var fromSetting))
                throw new InvalidOperationException($"Auth:AdminKey: {AuthOptions.AdminKeyFormat}");
            logger.LogInformation("The admin key is the one set in Auth:AdminKey");
            return new AdminKey(fromSetting);
        }

        var created = SecretFile.CreateIfMissing(file, () => ApiKeySecret.Generate().ToString());
        if (!ApiKeySecret.TryParse(File.ReadAllText(file), out var stored))
            throw new InvalidOperationException($"{file} does not hold an API key (gs_ followed by base64url); delete it to have a new one made.");
        logger.LogInformation(
            created ? "A new admin key was written to {AdminKeyFile} (readable by this user only): send it as Authorization: Bearer <key>"
                : "The admin key is the one in {AdminKeyFile}",
            file);
        return new AdminKey(stored);
    }
}
