using GenService.Api.Apis;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace GenService.Api.OpenApi;

/// <summary>Marks a route whose handler reads its image itself (<see cref="ImageUpload"/>), with an optional JSON
/// body it takes instead of an image.</summary>
/// <param name="JsonAlternative">The JSON request record, or null when only an image is taken.</param>
public sealed record ImageInputMetadata(Type? JsonAlternative);

/// <summary>
/// Documents the request body of those routes, which no parameter declares: a multipart form with the file in
/// "image", the file itself as image/png, image/jpeg or image/webp, and the JSON alternative if any.
/// </summary>
internal sealed class ImageInputOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<ImageInputMetadata>().FirstOrDefault() is not { } input)
            return;
        var file = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "A PNG, JPEG or WebP image." };
        var content = new Dictionary<string, OpenApiMediaType>
        {
            ["multipart/form-data"] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { ImageUpload.FieldName },
                    Properties = new Dictionary<string, IOpenApiSchema> { [ImageUpload.FieldName] = file },
                },
            },
        };
        foreach (var mediaType in new[] { "image/png", "image/jpeg", "image/webp" })
            content[mediaType] = new OpenApiMediaType { Schema = file };
        if (input.JsonAlternative is { } json)
            content["application/json"] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(json, context.SchemaRepository) };
        operation.RequestBody = new OpenApiRequestBody { Required = true, Content = content };
    }
}
