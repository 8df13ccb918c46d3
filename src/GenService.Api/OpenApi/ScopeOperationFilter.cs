using GenService.Api.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace GenService.Api.OpenApi;

/// <summary>Documents each route's key answers: 401 without a good key, 403 naming the scope it needs.</summary>
internal sealed class ScopeOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<RequiredScope>().LastOrDefault() is not { } required)
            return;
        var problem = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository) },
        };
        operation.Responses ??= [];
        operation.Responses["401"] = new OpenApiResponse { Description = "No API key, or one that is unknown, revoked or expired.", Content = problem };
        operation.Responses["403"] = new OpenApiResponse { Description = $"The key lacks the scope {required.Scope} (admin has every scope).", Content = problem };
    }
}
