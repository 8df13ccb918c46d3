using System.Security.Claims;
using System.Text.Encodings.Web;
using GenService.Api.Entities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace GenService.Api.Auth;

/// <summary>
/// Reads <c>Authorization: Bearer gs_…</c> (RFC 6750). A request without it is anonymous, which the open routes
/// (health, metrics, Swagger UI) accept; a /v1 route then answers 401 ProblemDetails saying what was wrong.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    /// <summary>The claim of the account a key acts for: its own, or the operator's for the admin key and keys of no account.</summary>
    public const string AccountClaimType = "account";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
            return AuthenticateResult.NoResult();
        if (!header.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("The Authorization header must be Bearer followed by an API key.");

        // Resolved only for a request that presents a key: the open routes never take a database context.
        var keys = Context.RequestServices.GetRequiredService<ApiKeyService>();
        var check = await keys.CheckAsync(header[(SchemeName.Length + 1)..], Context.RequestAborted);
        if (check.Key is not { } key)
            return AuthenticateResult.Fail(check.Refusal!);

        var claims = new List<Claim> { new(ClaimTypes.Name, key.Name), new(ClaimTypes.NameIdentifier, key.Id.ToString()) };
        claims.Add(new Claim(AccountClaimType, (key.AccountId ?? Account.OperatorId).ToString()));
        claims.AddRange(key.Scopes.Select(scope => new Claim(ApiScope.ClaimType, scope)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var refusal = result.Failure?.Message;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = refusal is null
            ? SchemeName
            : SchemeName + " error=\"invalid_token\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Type = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
                Title = "Unauthorized.",
                Status = StatusCodes.Status401Unauthorized,
                Detail = refusal ?? $"This route needs an API key: send {HeaderNames.Authorization}: {SchemeName} <key>.",
            },
        });
    }
}
