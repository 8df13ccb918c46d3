namespace GenService.Api.Inference;

public static class InferenceServiceCollectionExtensions
{
    public static IServiceCollection AddInferenceServices(this IServiceCollection services)
    {
        services.AddOptions<InferenceOptions>().BindConfiguration(InferenceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<InferenceStatistics>();
        services.AddSingleton<InferenceEngine>();
        return services;
    }
}
