using System.Security.Claims;

namespace GenService.Api.Auth;

/// <summary>Who made a request, as <see cref="ApiKeyAuthenticationHandler"/> wrote it in the claims.</summary>
public static class CallerClaims
{
    /// <summary>The account of the key that made the request; null for a key of the operator's, which belongs to none.</summary>
    public static Guid? AccountId(this ClaimsPrincipal user) =>
        user.FindFirst(ApiKeyAuthenticationHandler.AccountClaimType)?.Value is { } claim && Guid.TryParse(claim, out var accountId) ? accountId : null;

    /// <summary>The key's id; null for the admin key, which is not in the database.</summary>
    public static Guid? KeyId(this ClaimsPrincipal user) =>
        user.FindFirst(ClaimTypes.NameIdentifier)?.Value is { } claim && Guid.TryParse(claim, out var keyId) ? keyId : null;

    public static IReadOnlyList<string> Scopes(this ClaimsPrincipal user) => user.FindAll(ApiScope.ClaimType).Select(claim => claim.Value).ToList();
}
