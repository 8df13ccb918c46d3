using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace GenService.Api.Auth;

/// <summary>Answers a key that lacks a route's scope with 403 ProblemDetails naming the scope, rather than the
/// framework's empty 403. Everything else is left to the framework (a missing or refused key is challenged: 401).</summary>
public sealed class ScopeProblemResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler framework = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden
            || authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<ScopeRequirement>().FirstOrDefault() is not { } missing)
        {
            await framework.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var scopes = context.User.Scopes();
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Type = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
                Title = "Forbidden.",
                Status = StatusCodes.Status403Forbidden,
                Detail = $"This route needs a key with the scope {missing.Scope} (or admin); this key has {string.Join(", ", scopes)}.",
                Extensions = { ["missingScope"] = missing.Scope },
            },
        });
    }
}
