using System.Security.Claims;
using GenService.Api.Entities;

namespace GenService.Api.Auth;

/// <summary>Who made a request, as <see cref="ApiKeyAuthenticationHandler"/> wrote it in the claims.</summary>
public static class CallerClaims
{
    /// <summary>The customer account of the key that made the request, whose quotas and rate limit apply; null for the
    /// operator's keys (the admin key and keys of no account), which no quota bounds.</summary>
    public static Guid? AccountId(this ClaimsPrincipal user) =>
        user.FindFirst(ApiKeyAuthenticationHandler.AccountClaimType)?.Value is { } claim && Guid.TryParse(claim, out var accountId)
            && accountId != Account.OperatorId ? accountId : null;

    /// <summary>The id of the key that made an authenticated request.</summary>
    public static Guid KeyId(this ClaimsPrincipal user) =>
        user.FindFirst(ClaimTypes.NameIdentifier)?.Value is { } claim && Guid.TryParse(claim, out var keyId)
            ? keyId
            : throw new InvalidOperationException("Only a request with a key has a key id.");

    public static IReadOnlyList<string> Scopes(this ClaimsPrincipal user) => user.FindAll(ApiScope.ClaimType).Select(claim => claim.Value).ToList();
}
