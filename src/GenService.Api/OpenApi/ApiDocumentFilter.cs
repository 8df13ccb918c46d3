using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace GenService.Api.OpenApi;

/// <summary>What the document says about the API as a whole: what each tag groups, and that every route needs an API key.</summary>
internal sealed class ApiDocumentFilter : IDocumentFilter
{
    public const string SecurityScheme = "apiKey";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Datasets"] = "Sets of images to train on: uploaded as a zip, or imported from Fashion-MNIST. Images are stored at one square size.",
        ["Training runs"] = "Training a new model version of one architecture on one dataset, in the background: its progress, losses, snapshots and plots.",
        ["Models"] = "Trained (and training) models, their checkpoints, and the images they generate synchronously: samples, latent walks, style mixing, noise variation, reconstructions.",
        ["Generations"] = "Many images generated in the background, stored, and announced to an optional webhook when done.",
        ["Evaluation"] = "How good a model is and whether it copied its training set, measured on a feature network trained on the dataset itself.",
        ["System"] = "The service's version, compute devices and storage, and the model families it can train.",
        ["Keys"] = "The API keys clients send as Authorization: Bearer <key>, each with its scopes (read, generate, train, admin), and the accounts keys belong to.",
    };

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        foreach (var tag in swaggerDoc.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
                tag.Description = description;
        }
        // Every operation of the document is a /v1 route, and each needs a key (the open routes, health and metrics,
        // and the Hangfire dashboard, which has its own credentials, are not part of this API).
        swaggerDoc.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecurityScheme, swaggerDoc)] = [] }];
    }
}
