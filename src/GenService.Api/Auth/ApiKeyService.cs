using System.Globalization;
using System.Security.Cryptography;
using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace GenService.Api.Auth;

/// <summary>Creates, lists and revokes keys, records the service's admin key among them, and tells who presented a key.</summary>
public sealed class ApiKeyService(GenServiceDbContext db, AdminKey adminKey, TimeProvider time)
{
    public const int MaxNameLength = 200;

    public async Task<ServiceResult<CreatedApiKeyResponse>> CreateAsync(CreateApiKeyRequest request, CancellationToken cancellationToken)
    {
        var errors = Check(request.Name, request.Scopes, request.ExpiresAt);
        if (request.AccountId is { } accountId && !await db.Accounts.AnyAsync(a => a.Id == accountId, cancellationToken))
            errors["accountId"] = [$"Account {accountId} does not exist."];
        if (errors.Count > 0)
            return ServiceError.Invalid(errors);

        var (key, created) = NewKey(request.Name, request.Scopes, request.ExpiresAt, request.AccountId);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return created;
    }

    /// <returns>What is wrong with a key's fields, by field name; empty when nothing is.</returns>
    public Dictionary<string, string[]> Check(string? name, IReadOnlyList<string>? scopes, DateTime? expiresAt)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength)
            errors["name"] = [$"Give a name of 1 to {MaxNameLength} characters."];
        if (scopes is not { Count: > 0 })
            errors["scopes"] = [$"Give one or more scopes: {string.Join(", ", ApiScope.All)}."];
        else if (scopes.Except(ApiScope.All, StringComparer.Ordinal).ToList() is { Count: > 0 } unknown)
            errors["scopes"] = [$"Unknown scopes: {string.Join(", ", unknown)}. The scopes are {string.Join(", ", ApiScope.All)}."];
        if (expiresAt is { } expires && AsUtc(expires) <= time.GetUtcNow().UtcDateTime)
            errors["expiresAt"] = ["Must be in the future."];
        return errors;
    }

    /// <summary>A new key with fields that passed <see cref="Check"/>, for the caller to add and save.</summary>
    public (ApiKey Key, CreatedApiKeyResponse Created) NewKey(string name, IReadOnlyList<string> scopes, DateTime? expiresAt, Guid? accountId)
    {
        var secret = ApiKeySecret.Generate();
        var key = new ApiKey
        {
            Id = Guid.NewGuid(),
            AccountId = accountId,
            Name = name.Trim(),
            Prefix = secret.Prefix,
            Hash = secret.Hash(),
            Scopes = ApiScope.All.Where(scopes.Contains).ToList(),
            CreatedAt = time.GetUtcNow().UtcDateTime,
            ExpiresAt = expiresAt is { } expires ? AsUtc(expires) : null,
        };
        return (key, new CreatedApiKeyResponse(secret.ToString(), ApiKeyResponse.From(key)));
    }

    /// <summary>Every key, the service's admin key among them, revoked and expired ones included, newest first.</summary>
    public async Task<IReadOnlyList<ApiKeyResponse>> ListAsync(CancellationToken cancellationToken) =>
        (await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken))
            .Select(ApiKeyResponse.From)
            .ToList();

    public async Task<ApiKeyResponse?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, cancellationToken) is { } key ? ApiKeyResponse.From(key) : null;

    /// <returns>Why the key is not revoked: it does not exist (NotFound), or it is the last working key with the admin
    /// scope (Conflict), whose loss would leave nobody able to make keys; null once it is revoked. Revoking a revoked key
    /// changes nothing.</returns>
    public async Task<ServiceError?> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null)
            return ServiceError.NotFound($"Key {id} does not exist.");
        if (key.RevokedAt is not null)
            return null;
        var now = time.GetUtcNow().UtcDateTime;
        if (IsWorkingAdminKey(key, now))
        {
            // Keys are few: their scopes, a JSON column, are read rather than queried.
            var live = await db.ApiKeys.AsNoTracking().Where(k => k.Id != id && k.RevokedAt == null).ToListAsync(cancellationToken);
            if (!live.Any(other => IsWorkingAdminKey(other, now)))
            {
                return ServiceError.Conflict($"Key {key.Prefix}… ({key.Name}) is the last working key with the admin scope: without it no key could "
                    + "make keys. Make another admin key first (POST /v1/keys with the scope admin), then revoke this one.");
            }
        }
        key.RevokedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Records the service's admin key as a key of the database, unless an earlier start (or another node) has,
    /// and revokes the admin keys that earlier starts recorded and this one no longer has: changing Auth:AdminKey, or
    /// deleting the file so that a new key is made, replaces the key.</summary>
    /// <returns>When the admin key was revoked, if it was; it then stays refused.</returns>
    public async Task<DateTime?> RecordAdminKeyAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await db.ApiKeys.Where(k => k.IsServiceAdminKey && k.Id != adminKey.Id && k.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(k => k.RevokedAt, now), cancellationToken);
        if (await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == adminKey.Id, cancellationToken) is { } recorded)
            return recorded.RevokedAt;

        db.ApiKeys.Add(new ApiKey
        {
            Id = adminKey.Id,
            Name = AdminKey.Name,
            Prefix = adminKey.Prefix,
            Hash = adminKey.Hash(),
            Scopes = [ApiScope.Admin],
            CreatedAt = now,
            IsServiceAdminKey = true,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node starting at the same moment recorded it first; anything else fails the start.
            db.ChangeTracker.Clear();
            if (await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == adminKey.Id, cancellationToken) is not { } recordedByAnother)
                throw;
            return recordedByAnother.RevokedAt;
        }
        return null;
    }

    /// <summary>The key a request presented: a live key of the database (the service's admin key is one), or why it is refused.</summary>
    public async Task<KeyCheck> CheckAsync(string presented, CancellationToken cancellationToken)
    {
        if (!ApiKeySecret.TryParse(presented, out var secret))
            return KeyCheck.Refused($"That is not an API key: keys are {ApiKeySecret.Marker} followed by 43 characters.");
        var hash = secret.Hash();
        // Found by its prefix, which is not secret, then compared whole in constant time.
        var candidates = await db.ApiKeys.AsNoTracking().Where(k => k.Prefix == secret.Prefix).ToListAsync(cancellationToken);
        var key = candidates.FirstOrDefault(k => CryptographicOperations.FixedTimeEquals(k.Hash, hash));
        if (key is null)
            return KeyCheck.Refused("Unknown API key.");
        if (key.RevokedAt is { } revokedAt)
            return KeyCheck.Refused($"The API key {key.Prefix}… was revoked at {revokedAt.ToString("O", CultureInfo.InvariantCulture)}.");
        if (key.ExpiresAt is { } expiresAt && expiresAt <= time.GetUtcNow().UtcDateTime)
            return KeyCheck.Refused($"The API key {key.Prefix}… expired at {expiresAt.ToString("O", CultureInfo.InvariantCulture)}.");
        return new KeyCheck(new AuthenticatedKey(key.Id, key.AccountId, key.Name, key.Scopes), null);
    }

    private static bool IsWorkingAdminKey(ApiKey key, DateTime now) =>
        key.RevokedAt is null && (key.ExpiresAt is not { } expires || expires > now) && key.Scopes.Contains(ApiScope.Admin);

    /// <summary>A time without a zone is taken as UTC, as every time the API shows is.</summary>
    private static DateTime AsUtc(DateTime value) =>
        value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime();
}

/// <param name="AccountId">The account the key belongs to; null for the operator's keys.</param>
public sealed record AuthenticatedKey(Guid Id, Guid? AccountId, string Name, IReadOnlyList<string> Scopes);

/// <summary>A key that is let in, or why it is not.</summary>
public sealed record KeyCheck(AuthenticatedKey? Key, string? Refusal)
{
    public static KeyCheck Refused(string refusal) => new(null, refusal);
}
