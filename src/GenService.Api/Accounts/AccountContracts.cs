using GenService.Api.Auth;
using GenService.Api.Entities;
using GenService.Api.Quotas;

namespace GenService.Api.Accounts;

/// <param name="Name">The account's name, e.g. the customer or team (1 to 200 characters); its first key is named the same.</param>
/// <param name="Scopes">What the first key may do: one or more of read, generate, train and admin, as for POST /v1/keys.</param>
/// <param name="ExpiresAt">When the first key stops working (UTC, in the future); absent for a key that does not expire.</param>
public sealed record CreateAccountRequest(string Name, IReadOnlyList<string> Scopes, DateTime? ExpiresAt = null);

public sealed record AccountResponse(Guid Id, string Name, DateTime CreatedAt)
{
    public static AccountResponse From(Account account) => new(account.Id, account.Name, account.CreatedAt);
}

/// <param name="FirstKey">The account's first key, shown this once; POST /v1/keys with its accountId makes more.</param>
/// <param name="WebhookSecret">The secret the account's webhook calls are signed with (whsec_…, as the Standard Webhooks
/// specification writes it), shown this once; POST /v1/account/webhook-secret replaces it.</param>
public sealed record CreatedAccountResponse(AccountResponse Account, CreatedApiKeyResponse FirstKey, string WebhookSecret);

/// <param name="WebhookSecret">The account's new webhook secret (whsec_…), shown this once; calls made from now on are signed with it.</param>
public sealed record WebhookSecretResponse(string WebhookSecret);

/// <param name="Id">The key's id, as GET /v1/keys lists it (the service's admin key included).</param>
public sealed record CallerKeyResponse(Guid Id, string Name, IReadOnlyList<string> Scopes);

/// <param name="Account">The account the key belongs to; absent for a key of the operator's, which belongs to none.</param>
/// <param name="Key">The key that made the request.</param>
/// <param name="Quotas">The account's quotas and what is taken of them; absent for a key of the operator's, which has none.</param>
public sealed record CallerAccountResponse(AccountResponse? Account, CallerKeyResponse Key, QuotaUsageResponse? Quotas);
