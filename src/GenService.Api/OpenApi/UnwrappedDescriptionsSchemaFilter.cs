using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace GenService.Api.OpenApi;

/// <summary>
/// Joins the lines of a description taken from a wrapped XML comment: Swashbuckle keeps the source's line
/// breaks and indentation, which the document would show as "\n            " inside a sentence.
/// </summary>
internal sealed partial class UnwrappedDescriptionsSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is OpenApiSchema { Description: { } description } described)
            described.Description = LineBreak().Replace(description, " ");
    }

    [GeneratedRegex(@"\s*\n\s*")]
    private static partial Regex LineBreak();
}
