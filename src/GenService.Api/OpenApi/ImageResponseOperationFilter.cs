using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace GenService.Api.OpenApi;

/// <summary>
/// Documents every image/* body of a 200 as a binary string. A route that answers JSON or, on request, an image (a
/// trajectory forecast or its plot) declares one response type for both media types, and that type is the JSON's.
/// </summary>
internal sealed class ImageResponseOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.Responses?.TryGetValue("200", out var ok) != true || ok!.Content is not { } content)
            return;
        foreach (var mediaType in content.Keys.Where(key => key.StartsWith("image/", StringComparison.Ordinal)).ToList())
            content[mediaType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } };
    }
}
