namespace GenService.Api.Models;

public static class ModelServiceCollectionExtensions
{
    public static IServiceCollection AddModelServices(this IServiceCollection services)
    {
        services.AddSingleton<LoadedModels>();
        services.AddScoped<ModelService>();
        return services;
    }
}
