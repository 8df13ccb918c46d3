using GenService.Api.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace GenService.Api.Nodes;

/// <summary>
/// Which role a route needs (<see cref="NodeRole"/>): a node without it answers 421 Misdirected Request, so a
/// client or proxy learns at once that the request went to the wrong kind of node. Routes that name no role
/// (health, metrics, /v1/system, Swagger) are answered by every node.
/// </summary>
/// <remarks>The most specific mark wins: a route group marked <see cref="NodeRole.Api"/> may hold a route
/// marked <see cref="NodeRole.Inference"/>, which then needs only that.</remarks>
public static class NodeRouteRoles
{
    public static TBuilder RequireNodeRole<TBuilder>(this TBuilder route, NodeRole role)
        where TBuilder : IEndpointConventionBuilder =>
        route.WithMetadata(new RequiredRole(role));

    /// <summary>After routing, which tells the route.</summary>
    public static void UseNodeRoles(this IApplicationBuilder app) => app.UseMiddleware<Middleware>();

    private sealed record RequiredRole(NodeRole Role);

    private sealed class Middleware(RequestDelegate next, NodeOptions node)
    {
        private readonly Dictionary<NodeRole, PreparedProblem> refusals = Enum.GetValues<NodeRole>()
            .Where(role => !node.Has(role))
            .ToDictionary(role => role, role => new PreparedProblem(new ProblemDetails
            {
                Type = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.20",
                Title = "Not served by this node.",
                Status = StatusCodes.Status421MisdirectedRequest,
                Detail = $"This route needs a node with the role {role.ToString().ToLowerInvariant()}; "
                    + $"node {node.Name} has the roles {node} (Node:Roles).",
            }));

        public Task InvokeAsync(HttpContext context)
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<RequiredRole>() is { } required
                && refusals.TryGetValue(required.Role, out var refusal))
                return refusal.WriteAsync(context);
            return next(context);
        }
    }
}
