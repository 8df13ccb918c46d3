using GenService.Api.Plots;

namespace GenService.Api.Evaluation;

public static class EvaluationServiceCollectionExtensions
{
    public static IServiceCollection AddEvaluationServices(this IServiceCollection services)
    {
        services.AddOptions<EvaluationOptions>().BindConfiguration(EvaluationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FeatureNetworkOptions>().BindConfiguration(FeatureNetworkOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PlotOptions>().BindConfiguration(PlotOptions.SectionName);
        services.AddSingleton<FeatureNetworkStore>();
        services.AddSingleton<ModelCheckpoints>();
        services.AddSingleton<PlotRenderer>();
        services.AddScoped<FeatureNetworkService>();
        services.AddScoped<EvaluationService>();
        services.AddScoped<MemorisationService>();
        services.AddScoped<EvaluationRecovery>();
        services.AddTransient<EvaluationJob>();
        services.AddTransient<FeatureNetworkJob>();
        return services;
    }
}
