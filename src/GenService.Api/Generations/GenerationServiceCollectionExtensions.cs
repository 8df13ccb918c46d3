using GenService.Api.Infrastructure;
using GenService.Api.Jobs;
using GenService.Api.Webhooks;
using Microsoft.Extensions.Options;

namespace GenService.Api.Generations;

public static class GenerationServiceCollectionExtensions
{
    public static IServiceCollection AddGenerationServices(this IServiceCollection services)
    {
        services.AddOptions<GenerationOptions>().BindConfiguration(GenerationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<GenerationService>();
        services.AddScoped<IRecoverableJobs, GenerationRecovery>();
        services.AddTransient<GenerationJob>();
        services.AddWebhooks();
        return services;
    }

    private static void AddWebhooks(this IServiceCollection services)
    {
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<GenerationOptions>>().Value.DestinationPolicy());
        services.AddSingleton<IHostAddressResolver, DnsHostAddressResolver>();
        services.AddSingleton<WebhookConnector>();
        services.AddSingleton(provider => WebhookSecretStore.Load(
            provider.GetRequiredService<IOptions<GenerationOptions>>().Value.WebhookSecret,
            provider.GetRequiredService<IOptions<StorageOptions>>().Value.Resolve(StorageLayout.WebhookSecret),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebhookSecretStore).FullName!)));
        services.AddSingleton<WebhookSender>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookSender>());
        // Redirects are not followed: the URL a user gave is the only place the service calls. No proxy either:
        // the connector must see, and check, the address the call really goes to.
        services.AddHttpClient(WebhookSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                ConnectCallback = provider.GetRequiredService<WebhookConnector>().ConnectAsync,
            });
    }
}
