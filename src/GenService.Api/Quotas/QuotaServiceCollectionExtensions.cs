using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace GenService.Api.Quotas;

public static class QuotaServiceCollectionExtensions
{
    public static IServiceCollection AddQuotas(this IServiceCollection services)
    {
        services.AddOptions<QuotaOptions>().BindConfiguration(QuotaOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<QuotaService>();
        services.AddSingleton<GenerationRateLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<GenerationRateLimiter>((options, limiter) =>
        {
            options.GlobalLimiter = limiter.Requests;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) => RejectAsync(context, limiter);
        });
        return services;
    }

    /// <summary>After authorization, which tells the account; before the admission gate, so that a request over
    /// its account's rate takes no place in a device's queue. Limited requests' answers carry the RateLimit headers.</summary>
    public static void UseGenerationRateLimit(this IApplicationBuilder app)
    {
        app.UseRateLimiter();
        var limiter = app.ApplicationServices.GetRequiredService<GenerationRateLimiter>();
        app.Use((context, next) =>
        {
            if (GenerationRateLimiter.LimitedAccount(context) is { } account)
                limiter.WriteHeaders(context.Response, limiter.Remaining(account), limiter.RefillPeriod);
            return next(context);
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, GenerationRateLimiter limiter)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limiter.RefillPeriod;
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = GenerationRateLimiter.Seconds(retryAfter);
        limiter.WriteHeaders(response, 0, retryAfter);
        var quota = new QuotaExceeded(QuotaExceeded.GenerationRequestsPerSecond, limiter.RequestsPerSecond);
        var rate = limiter.RequestsPerSecond.ToString("0.###", CultureInfo.InvariantCulture);
        await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails =
            {
                Type = "https://tools.ietf.org/html/rfc6585#section-4",
                Title = "Too many requests.",
                Status = StatusCodes.Status429TooManyRequests,
                Detail = $"This account is over its quota {quota.Quota}: {limiter.Burst} generation requests at once, refilled at {rate} a second; "
                    + $"retry after {GenerationRateLimiter.Seconds(retryAfter)} s.",
                Extensions = quota.Extensions(),
            },
        });
    }
}
