namespace GenService.Api.Entities;

/// <summary>A key clients send as <c>Authorization: Bearer gs_…</c>. Only its SHA-256 hash is stored: the key itself
/// is shown once, when it is created.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }

    /// <summary>The account the key belongs to; null for a key of the operator's, which acts for the operator account (<see cref="Account.OperatorId"/>).</summary>
    public Guid? AccountId { get; set; }

    public Account? Account { get; set; }

    /// <summary>What the key is for, e.g. the client that uses it.</summary>
    public required string Name { get; set; }

    /// <summary>The key's first characters (<c>gs_</c> and eight more), to recognise it by; found by this, then
    /// checked against <see cref="Hash"/>.</summary>
    public required string Prefix { get; set; }

    public required byte[] Hash { get; set; }

    /// <summary>Scope names (<see cref="Auth.ApiScope"/>), in their canonical order.</summary>
    public List<string> Scopes { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    /// <summary>From then on the key is refused; null for a key that does not expire.</summary>
    public DateTime? ExpiresAt { get; set; }

    /// <summary>The service's own admin key (Auth:AdminKey, or the file secrets/admin-key), recorded at start-up so that
    /// it is listed and revoked like any other key. A start with a different admin key revokes the one before.</summary>
    public bool IsServiceAdminKey { get; set; }

    /// <summary>Set by DELETE /v1/keys/{id}; the row stays, so that the key's listing says when it was revoked.</summary>
    public DateTime? RevokedAt { get; set; }
}
