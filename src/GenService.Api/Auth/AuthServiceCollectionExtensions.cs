using GenService.Api.Accounts;
using GenService.Api.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace GenService.Api.Auth;

public static class AuthServiceCollectionExtensions
{
    /// <summary>API keys as the Bearer scheme, and one authorization policy per scope.</summary>
    public static IServiceCollection AddApiKeys(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider => AdminKey.Load(
            provider.GetRequiredService<IOptions<AuthOptions>>().Value.AdminKey,
            provider.GetRequiredService<IOptions<StorageOptions>>().Value.Resolve(StorageLayout.AdminKey),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminKey).FullName!)));
        services.AddScoped<ApiKeyService>();
        services.AddScoped<AccountService>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(options =>
        {
            foreach (var scope in ApiScope.All)
                options.AddPolicy(ApiScope.Policy(scope), policy => policy.AddRequirements(new ScopeRequirement(scope)));
            options.AddPolicy(ApiScope.Policy(ApiScope.AnyKey), policy => policy.RequireAuthenticatedUser());
        });
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ScopeProblemResultHandler>();
        return services;
    }
}
