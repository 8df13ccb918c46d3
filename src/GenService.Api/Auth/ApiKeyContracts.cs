using GenService.Api.Entities;

namespace GenService.Api.Auth;

/// <param name="Name">What the key is for, e.g. the client that will use it (1 to 200 characters).</param>
/// <param name="Scopes">What it may do, one or more of read (every GET), generate (images computed for the request, and generations),
/// train (dataset uploads and imports, training runs, evaluations, feature networks, deletions) and admin (keys, and everything else).</param>
/// <param name="ExpiresAt">When the key stops working (UTC, in the future); absent for a key that does not expire.</param>
/// <param name="AccountId">The account the key belongs to (POST /v1/accounts makes one); absent for a key of the operator's.</param>
public sealed record CreateApiKeyRequest(string Name, IReadOnlyList<string> Scopes, DateTime? ExpiresAt = null, Guid? AccountId = null);

/// <param name="Prefix">The key's first characters, to recognise it by; the key itself is shown only once, when it is created.</param>
/// <param name="RevokedAt">When DELETE /v1/keys/{id} revoked it; absent while it works.</param>
/// <param name="AccountId">The account the key belongs to; absent for a key of the operator's.</param>
public sealed record ApiKeyResponse(
    Guid Id,
    Guid? AccountId,
    string Name,
    string Prefix,
    IReadOnlyList<string> Scopes,
    DateTime CreatedAt,
    DateTime? ExpiresAt,
    DateTime? RevokedAt)
{
    public static ApiKeyResponse From(ApiKey key) =>
        new(key.Id, key.AccountId, key.Name, key.Prefix, key.Scopes, key.CreatedAt, key.ExpiresAt, key.RevokedAt);
}

/// <param name="Key">The key, to send as Authorization: Bearer {key}. It is shown this once: the service keeps only its hash.</param>
public sealed record CreatedApiKeyResponse(string Key, ApiKeyResponse ApiKey);
