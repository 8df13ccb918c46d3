using Microsoft.AspNetCore.Authorization;

namespace GenService.Api.Auth;

/// <summary>A key with this scope, or with <see cref="ApiScope.Admin"/>, which has them all.</summary>
public sealed class ScopeRequirement(string scope) : AuthorizationHandler<ScopeRequirement>, IAuthorizationRequirement
{
    public string Scope { get; } = scope;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (context.User.HasClaim(ApiScope.ClaimType, requirement.Scope) || context.User.HasClaim(ApiScope.ClaimType, ApiScope.Admin))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
