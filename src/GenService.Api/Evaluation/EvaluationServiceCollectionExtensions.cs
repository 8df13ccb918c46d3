using GenService.Api.Jobs;
using GenService.Api.Plots;

namespace GenService.Api.Evaluation;

public static class EvaluationServiceCollectionExtensions
{
    public static IServiceCollection AddEvaluationServices(this IServiceCollection services)
    {
        services.AddOptions<EvaluationOptions>().BindConfiguration(EvaluationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FeatureNetworkOptions>().BindConfiguration(FeatureNetworkOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SegmentationNetworkOptions>().BindConfiguration(SegmentationNetworkOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PlotOptions>().BindConfiguration(PlotOptions.SectionName);
        services.AddSingleton<FeatureNetworkStore>();
        services.AddSingleton<ModelCheckpoints>();
        services.AddSingleton<PlotRenderer>();
        services.AddScoped<FeatureNetworkService>();
        services.AddScoped<EvaluationService>();
        services.AddScoped<MemorisationService>();
        // Feature networks first: their jobs then come before the evaluations' in the queue both use.
        services.AddScoped<IRecoverableJobs, FeatureNetworkRecovery>();
        services.AddScoped<IRecoverableJobs, EvaluationRecovery>();
        services.AddTransient<EvaluationJob>();
        services.AddTransient<FeatureNetworkJob>();
        return services;
    }
}
