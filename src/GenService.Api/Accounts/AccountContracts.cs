using GenService.Api.Auth;
using GenService.Api.Entities;

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
public sealed record CreatedAccountResponse(AccountResponse Account, CreatedApiKeyResponse FirstKey);
