using System.Security.Cryptography;
using GenService.Api.Infrastructure;

namespace GenService.Api.Auth;

/// <summary>
/// The operator's first key, which has every scope: the Auth:AdminKey setting, or else a key made on first start and
/// kept in the data folder (<see cref="SecretFile"/>). Each start records it in the database as a key of its own
/// (<see cref="ApiKeyService.RecordAdminKeyAsync"/>), so that it is listed and revoked like any other; a start with
/// another admin key (a changed setting, or a deleted file) revokes the one before.
/// </summary>
public sealed class AdminKey
{
    public const string Name = "admin key";

    private readonly ApiKeySecret key;

    private AdminKey(ApiKeySecret key, string source)
    {
        this.key = key;
        Source = source;
    }

    /// <summary>Where it was read from: Auth:AdminKey, or the file's path.</summary>
    public string Source { get; }

    /// <summary>Its id in the database: the same on every node and every start that has this key, so that they record
    /// one row, not one each. Taken from a hash of the key's hash, which tells nothing of the key.</summary>
    public Guid Id => new(SHA256.HashData(key.Hash()).AsSpan(0, 16));

    public string Prefix => key.Prefix;

    public byte[] Hash() => key.Hash();

    public static AdminKey Load(string? configured, string file, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!ApiKeySecret.TryParse(configured, out var fromSetting))
                throw new InvalidOperationException($"Auth:AdminKey: {AuthOptions.AdminKeyFormat}");
            logger.LogInformation("The admin key is the one set in Auth:AdminKey");
            return new AdminKey(fromSetting, "Auth:AdminKey");
        }

        var created = SecretFile.CreateIfMissing(file, () => ApiKeySecret.Generate().ToString());
        if (!ApiKeySecret.TryParse(File.ReadAllText(file), out var stored))
            throw new InvalidOperationException($"{file} does not hold an API key (gs_ followed by base64url); delete it to have a new one made.");
        logger.LogInformation(
            created ? "A new admin key was written to {AdminKeyFile} (readable by this user only): send it as Authorization: Bearer <key>"
                : "The admin key is the one in {AdminKeyFile}",
            file);
        return new AdminKey(stored, file);
    }
}
