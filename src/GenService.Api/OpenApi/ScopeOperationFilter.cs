using GenService.Api.Auth;
using GenService.Api.Quotas;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace GenService.Api.OpenApi;

/// <summary>Documents each route's key answers: 401 without a good key, 403 naming the scope it needs, and 429 over the
/// account's rate for the generation routes. They are shared responses (components/responses), one 401, one 403
/// per scope and one 429, rather than a copy in every operation.</summary>
internal sealed class ScopeOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<RequiredScope>().LastOrDefault() is not { } required)
            return;
        operation.Responses ??= [];
        operation.Responses["401"] = Shared(context, "Unauthorized", "No API key, or one that is unknown, revoked or expired.");
        if (required.Scope != ApiScope.AnyKey)
            operation.Responses["403"] = Shared(context, $"Forbidden-{required.Scope}", $"The key lacks the scope {required.Scope} (admin has every scope).");
        if (GenerationRateLimitRoutes.IsLimited(new EndpointMetadataCollection(context.ApiDescription.ActionDescriptor.EndpointMetadata)))
            operation.Responses["429"] = Shared(context, "TooManyRequests-generate",
                "Too many requests: the account is over its quota generationRequestsPerSecond (Retry-After and the RateLimit-Limit, RateLimit-Remaining "
                    + "and RateLimit-Reset headers say when to retry), or, for a route computed on a device, the device's queue is full (Retry-After).");
    }

    private static OpenApiResponseReference Shared(OperationFilterContext context, string id, string description)
    {
        var components = context.Document.Components ??= new OpenApiComponents();
        components.Responses ??= new Dictionary<string, IOpenApiResponse>();
        if (!components.Responses.ContainsKey(id))
        {
            var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
            components.Responses[id] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new OpenApiMediaType { Schema = problem } },
            };
        }
        return new OpenApiResponseReference(id, context.Document);
    }
}
