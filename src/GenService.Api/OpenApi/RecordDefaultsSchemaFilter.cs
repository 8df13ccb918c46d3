using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace GenService.Api.OpenApi;

/// <summary>
/// Documents a request record's defaults: the default value of its constructor parameter becomes the
/// property's "default", written as the service's JSON writes it (an enum as its name).
/// </summary>
internal sealed class RecordDefaultsSchemaFilter(IOptions<JsonOptions> json) : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema property || context.MemberInfo is not PropertyInfo { DeclaringType: { } record } member)
            return;
        var parameter = record.GetConstructors()
            .SelectMany(c => c.GetParameters())
            .FirstOrDefault(p => p.Name == member.Name && p.ParameterType == member.PropertyType && p.HasDefaultValue);
        if (parameter?.DefaultValue is { } value)
            property.Default = JsonSerializer.SerializeToNode(value, member.PropertyType, json.Value.SerializerOptions);
    }
}
