using GenService.Api.Inference;

namespace GenService.Api.Models;

public static class ModelServiceCollectionExtensions
{
    public static IServiceCollection AddModelServices(this IServiceCollection services)
    {
        services.AddInferenceServices();
        services.AddMemoryCache();
        services.AddSingleton<ReadyModelCache>();
        services.AddScoped<ServableModels>();
        services.AddScoped<ModelService>();
        services.AddScoped<TranslationInputs>();
        services.AddScoped<TranslationService>();
        services.AddScoped<SuperResolutionService>();
        services.AddScoped<LabelMapService>();
        services.AddScoped<TextToImageService>();
        services.AddScoped<TrajectoryService>();
        return services;
    }
}
