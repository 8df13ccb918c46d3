using Prometheus;

namespace GenService.Api.Observability;

/// <summary>Metrics for Prometheus and request ids for logs and problem answers.</summary>
public static class ObservabilityExtensions
{
    public const string MetricsPath = "/metrics";

    /// <remarks>One registry per host rather than prometheus-net's static default, so that several hosts in
    /// one process (the tests' factories, the benchmarks) each count only their own requests.</remarks>
    public static IServiceCollection AddObservability(this IServiceCollection services)
    {
        services.AddSingleton(_ =>
        {
            var registry = Metrics.NewCustomRegistry();
            DotNetStats.Register(registry);
            return registry;
        });
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["requestId"] = context.HttpContext.TraceIdentifier);
        return services;
    }

    /// <summary>First in the pipeline, so that even an unhandled exception's answer carries the request id.</summary>
    public static void UseRequestIds(this IApplicationBuilder app) => app.UseMiddleware<RequestIdMiddleware>();

    /// <summary>prometheus-net's request counts and durations per route; after routing, so they are
    /// labelled by route pattern, never by raw path (ids in paths would make a series per model).</summary>
    public static void UseRequestMetrics(this IApplicationBuilder app)
    {
        var registry = app.ApplicationServices.GetRequiredService<CollectorRegistry>();
        app.UseHttpMetrics(options => options.SetMetricFactory(Metrics.WithCustomRegistry(registry)));
    }

    public static void MapMetricsEndpoint(this IEndpointRouteBuilder app) =>
        app.MapMetrics(MetricsPath, app.ServiceProvider.GetRequiredService<CollectorRegistry>());
}
