using System.Text.Json;
using GenService.ML.Families;

namespace GenService.Api.Infrastructure;

/// <summary>
/// Refuses work a family does not declare, from the declaration alone: every route, generation, evaluation
/// and training run asks here before anything is loaded, and gets the same answer naming the architecture,
/// what is missing and what it can do instead.
/// </summary>
public static class CapabilityCheck
{
    /// <returns>Null when the architecture's models have the capability; otherwise why not.</returns>
    public static ServiceError? Require(ModelFamilyCatalog families, string architecture, ModelCapability capability)
    {
        if (families.Find(architecture) is not { } family)
            return ServiceError.Invalid("model", $"Architecture '{architecture}' is not available in this service.");
        if (family.Capabilities.Contains(capability))
            return null;
        var others = families.All.Where(f => f.Capabilities.Contains(capability)).Select(f => f.Architecture).Order();
        return ServiceError.Invalid("model",
            $"A {architecture} model does not support {Describe(capability)}: capability \"{Name(capability)}\", which {string.Join(", ", others)} models have. "
            + $"{architecture} models can: {string.Join(", ", family.Capabilities.Order().Select(Name))} (GET /v1/architectures lists each architecture's capabilities).");
    }

    /// <returns>Null when the family trains on this kind of dataset; otherwise why not.</returns>
    public static ServiceError? RequireDatasetKind(IModelFamily family, DatasetKind kind) =>
        family.DatasetKinds.Contains(kind)
            ? null
            : ServiceError.Invalid("datasetId",
                $"A {family.Architecture} model does not train on {Name(kind)} datasets; it trains on: {string.Join(", ", family.DatasetKinds.Order().Select(Name))}.");

    /// <summary>The name the API uses, e.g. "style-operations".</summary>
    public static string Name(ModelCapability capability) => JsonNamingPolicy.KebabCaseLower.ConvertName(capability.ToString());

    /// <summary>The name the API uses, e.g. "images".</summary>
    public static string Name(DatasetKind kind) => JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());

    private static string Describe(ModelCapability capability) => capability switch
    {
        ModelCapability.Sample => "sampling",
        ModelCapability.Reconstruct => "reconstruction",
        ModelCapability.Interpolate => "latent interpolation",
        ModelCapability.StyleOperations => "style operations (truncation, style mixing, noise variation, walks in W)",
        ModelCapability.Translate => "image translation",
        ModelCapability.SuperResolve => "super-resolution",
        ModelCapability.TranslateBothWays => "translation in both directions and round trips (direction, roundTrip)",
        ModelCapability.LabelMapToImage => "rendering label maps into images",
        ModelCapability.TextToImage => "drawing images from text prompts",
        ModelCapability.ForecastTrajectories => "trajectory forecasting",
        _ => capability.ToString(),
    };
}
