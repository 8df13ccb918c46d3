using Microsoft.AspNetCore.Authorization;

namespace GenService.Api.Auth;

/// <summary>Which scope each route needs: its group says one for reads (GET) and one for changes (every other
/// method); a route marked with <see cref="RequireScope{TBuilder}"/> needs what it is marked with instead.</summary>
public static class RouteScopes
{
    public static RouteGroupBuilder RequireScopes(this RouteGroupBuilder group, string reads, string changes)
    {
        // Finally: after the routes' own conventions, so that a route's own mark is there to be seen.
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            var scope = endpoint.Metadata.OfType<RequiredScope>().LastOrDefault()?.Scope
                ?? (endpoint.Metadata.OfType<HttpMethodMetadata>().All(m => m.HttpMethods.All(HttpMethods.IsGet)) ? reads : changes);
            endpoint.Metadata.Add(new RequiredScope(scope));
            endpoint.Metadata.Add(new AuthorizeAttribute(ApiScope.Policy(scope)));
        });
        return group;
    }

    public static TBuilder RequireScope<TBuilder>(this TBuilder route, string scope)
        where TBuilder : IEndpointConventionBuilder =>
        route.WithMetadata(new RequiredScope(scope));
}

/// <summary>The scope a route needs; the last one in a route's metadata is the one that counts.</summary>
public sealed record RequiredScope(string Scope);
