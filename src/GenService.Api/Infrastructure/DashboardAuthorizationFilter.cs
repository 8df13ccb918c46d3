using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Hangfire.Dashboard;

namespace GenService.Api.Infrastructure;

/// <summary>
/// The Hangfire dashboard can cancel and re-run jobs, so it is open only to requests from this machine,
/// or to anyone presenting the configured Basic credentials (set Dashboard:Username and Dashboard:Password).
/// </summary>
internal sealed class DashboardAuthorizationFilter(string? username, string? password) : IDashboardAuthorizationFilter
{
    private readonly LocalRequestsOnlyAuthorizationFilter localOnly = new();

    public bool Authorize(DashboardContext context)
    {
        if (localOnly.Authorize(context))
            return true;
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
            return false;

        var httpContext = context.GetHttpContext();
        if (!AuthenticationHeaderValue.TryParse(httpContext.Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            httpContext.Response.Headers.WWWAuthenticate = "Basic realm=\"GenService jobs\"";
            return false;
        }
        byte[] supplied;
        try
        {
            supplied = Convert.FromBase64String(header.Parameter);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(supplied, Encoding.UTF8.GetBytes($"{username}:{password}"));
    }
}
