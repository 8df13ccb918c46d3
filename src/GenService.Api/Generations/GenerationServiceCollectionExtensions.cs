using GenService.Api.Jobs;

namespace GenService.Api.Generations;

public static class GenerationServiceCollectionExtensions
{
    public static IServiceCollection AddGenerationServices(this IServiceCollection services)
    {
        services.AddOptions<GenerationOptions>().BindConfiguration(GenerationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<GenerationService>();
        services.AddScoped<IRecoverableJobs, GenerationRecovery>();
        services.AddTransient<GenerationJob>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookSender>());
        // Redirects are not followed: the URL a user gave is the only place the service calls.
        services.AddHttpClient(WebhookSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return services;
    }
}
