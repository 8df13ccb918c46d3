using System.Globalization;
using System.Security.Cryptography;
using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GenService.Api.Auth;

/// <summary>Creates, lists and revokes the keys kept in the database, and tells who presented a key.</summary>
public sealed class ApiKeyService(GenServiceDbContext db, AdminKey adminKey, TimeProvider time)
{
    public const int MaxNameLength = 200;

    public async Task<ServiceResult<CreatedApiKeyResponse>> CreateAsync(CreateApiKeyRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var expiresAt = request.ExpiresAt is { } expires ? AsUtc(expires) : (DateTime?)null;
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > MaxNameLength)
            errors["name"] = [$"Give the key a name of 1 to {MaxNameLength} characters."];
        if (request.Scopes is not { Count: > 0 } scopes)
            errors["scopes"] = [$"Give one or more scopes: {string.Join(", ", ApiScope.All)}."];
        else if (scopes.Except(ApiScope.All, StringComparer.Ordinal).ToList() is { Count: > 0 } unknown)
            errors["scopes"] = [$"Unknown scopes: {string.Join(", ", unknown)}. The scopes are {string.Join(", ", ApiScope.All)}."];
        if (expiresAt <= now)
            errors["expiresAt"] = ["Must be in the future."];
        if (errors.Count > 0)
            return ServiceError.Invalid(errors);

        var secret = ApiKeySecret.Generate();
        var key = new ApiKey
        {
            Id = Guid.NewGuid(),
            Name = request.Name.Trim(),
            Prefix = secret.Prefix,
            Hash = secret.Hash(),
            Scopes = ApiScope.All.Where(request.Scopes.Contains).ToList(),
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKeyResponse(secret.ToString(), ApiKeyResponse.From(key));
    }

    /// <summary>Every key in the database, revoked and expired ones included, newest first; the admin key is not one of them.</summary>
    public async Task<IReadOnlyList<ApiKeyResponse>> ListAsync(CancellationToken cancellationToken) =>
        (await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken))
            .Select(ApiKeyResponse.From)
            .ToList();

    public async Task<ApiKeyResponse?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, cancellationToken) is { } key ? ApiKeyResponse.From(key) : null;

    /// <returns>False for an unknown key. Revoking a revoked key changes nothing.</returns>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null)
            return false;
        if (key.RevokedAt is null)
        {
            key.RevokedAt = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
        }
        return true;
    }

    /// <summary>The key a request presented: the admin key, a live key of the database, or why it is refused.</summary>
    public async Task<KeyCheck> CheckAsync(string presented, CancellationToken cancellationToken)
    {
        if (!ApiKeySecret.TryParse(presented, out var secret))
            return KeyCheck.Refused($"That is not an API key: keys are {ApiKeySecret.Marker} followed by 43 characters.");
        var hash = secret.Hash();
        if (adminKey.Matches(hash))
            return new KeyCheck(new AuthenticatedKey(null, AdminKey.Name, [ApiScope.Admin]), null);

        // Found by its prefix, which is not secret, then compared whole in constant time.
        var candidates = await db.ApiKeys.AsNoTracking().Where(k => k.Prefix == secret.Prefix).ToListAsync(cancellationToken);
        var key = candidates.FirstOrDefault(k => CryptographicOperations.FixedTimeEquals(k.Hash, hash));
        if (key is null)
            return KeyCheck.Refused("Unknown API key.");
        if (key.RevokedAt is { } revokedAt)
            return KeyCheck.Refused($"The API key {key.Prefix}… was revoked at {revokedAt.ToString("O", CultureInfo.InvariantCulture)}.");
        if (key.ExpiresAt is { } expiresAt && expiresAt <= time.GetUtcNow().UtcDateTime)
            return KeyCheck.Refused($"The API key {key.Prefix}… expired at {expiresAt.ToString("O", CultureInfo.InvariantCulture)}.");
        return new KeyCheck(new AuthenticatedKey(key.Id, key.Name, key.Scopes), null);
    }

    /// <summary>A time without a zone is taken as UTC, as every time the API shows is.</summary>
    private static DateTime AsUtc(DateTime value) =>
        value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime();
}

/// <param name="Id">The key's id; null for the admin key, which is not in the database.</param>
public sealed record AuthenticatedKey(Guid? Id, string Name, IReadOnlyList<string> Scopes);

/// <summary>A key that is let in, or why it is not.</summary>
public sealed record KeyCheck(AuthenticatedKey? Key, string? Refusal)
{
    public static KeyCheck Refused(string refusal) => new(null, refusal);
}
