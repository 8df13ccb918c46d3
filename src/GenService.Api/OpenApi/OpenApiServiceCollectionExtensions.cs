using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace GenService.Api.OpenApi;

public static class OpenApiServiceCollectionExtensions
{
    /// <summary>The OpenAPI document served at /swagger/v1/swagger.yaml (and checked in as openapi.yaml).</summary>
    public static IServiceCollection AddApiDocument(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "GenService",
                Version = "v1",
                Description = "Train and serve generative image models: upload a dataset, start a training run, sample from the model.",
            });
            // Relative: Swagger UI then calls the server that served the document, whatever its address.
            options.AddServer(new OpenApiServer { Url = "/", Description = "The server this document was fetched from." });
            // What Swagger UI's Authorize button asks for, and then sends with every call.
            options.AddSecurityDefinition(ApiDocumentFilter.SecurityScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "gs_ API key",
                Description = "An API key, sent as Authorization: Bearer <key>. The admin key is Auth:AdminKey, or the one the service wrote "
                    + "on first start to DATA_FOLDER/secrets/admin-key; POST /v1/keys makes others, and DELETE /v1/keys/{id} revokes any of them, the admin key included.",
            });
            options.SupportNonNullableReferenceTypes();
            // Inline, so that each enum property carries its own description and default next to the allowed names.
            options.UseInlineDefinitionsForEnums();
            options.IncludeXmlComments(Path.ChangeExtension(typeof(OpenApiServiceCollectionExtensions).Assembly.Location, ".xml"));
            options.DocumentFilter<ApiDocumentFilter>();
            options.OperationFilter<ImageInputOperationFilter>();
            options.OperationFilter<ImageResponseOperationFilter>();
            options.OperationFilter<ScopeOperationFilter>();
            options.SchemaFilter<UnwrappedDescriptionsSchemaFilter>();
            options.SchemaFilter<RecordDefaultsSchemaFilter>();
            options.SchemaFilter<RequestExamplesSchemaFilter>();
        });
        // The document describes the JSON the minimal APIs read and write (enums as names), not MVC's, which Swashbuckle takes by default.
        services.AddSingleton<ISerializerDataContractResolver>(provider =>
            new JsonSerializerDataContractResolver(provider.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions));
        return services;
    }
}
