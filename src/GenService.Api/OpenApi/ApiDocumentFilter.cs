using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace GenService.Api.OpenApi;

/// <summary>What the document says about the API as a whole: what each tag groups, and that no route needs credentials.</summary>
internal sealed class ApiDocumentFilter : IDocumentFilter
{
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Datasets"] = "Sets of images to train on: uploaded as a zip, or imported from Fashion-MNIST. Images are stored at one square size.",
        ["Training runs"] = "Training a new model version of one architecture on one dataset, in the background: its progress, losses, snapshots and plots.",
        ["Models"] = "Trained (and training) models, their checkpoints, and the images they generate synchronously: samples, latent walks, style mixing, noise variation, reconstructions.",
        ["Generations"] = "Many images generated in the background, stored, and announced to an optional webhook when done.",
        ["Evaluation"] = "How good a model is and whether it copied its training set, measured on a feature network trained on the dataset itself.",
        ["System"] = "The service's version, compute devices and storage, and the model families it can train.",
    };

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        foreach (var tag in swaggerDoc.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
                tag.Description = description;
        }
        // One empty requirement: every operation may be called without credentials (the Hangfire dashboard,
        // which has its own, is not part of this API).
        swaggerDoc.Security = [new OpenApiSecurityRequirement()];
    }
}
