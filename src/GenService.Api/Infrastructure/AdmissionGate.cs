using GenService.Api.Inference;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace GenService.Api.Infrastructure;

/// <summary>
/// Refuses a generation request with 429 right after routing, when its model's device admits no more
/// (<see cref="InferenceEngine.TryAdmit"/>): before its body is read, its model looked up or a line logged.
/// </summary>
/// <remarks>Under overload, clients that ignore Retry-After (load tools, naive retry loops) send the next request
/// at once, so refusals become most of the service's answers and their CPU is taken from the model's: each should
/// cost no more than any answer does, with no JSON, database, exception or log line. Measured, that is about what
/// <c>GET /health/live</c> costs; what keeps the images coming is refusing only work that cannot be served in time
/// (<see cref="AdmissionRule"/>). Figures: tests/GenService.Benchmarks/README.md, "Overload".</remarks>
public static class AdmissionGate
{
    /// <summary>Marks a route whose requests run on the inference engine, for its model in the route's "id".</summary>
    public static TBuilder RequireAdmission<TBuilder>(this TBuilder route)
        where TBuilder : IEndpointConventionBuilder =>
        route.WithMetadata(Gated.Instance);

    /// <summary>After routing, which tells the route and its model id.</summary>
    public static void UseAdmissionGate(this IApplicationBuilder app) => app.UseMiddleware<Middleware>();

    private sealed class Gated
    {
        public static readonly Gated Instance = new();
    }

    private sealed class Middleware(RequestDelegate next, InferenceEngine engine, IOptions<InferenceOptions> options)
    {
        private readonly PreparedProblem refusal = new(
            new ProblemDetails
            {
                Type = "https://tools.ietf.org/html/rfc6585#section-4",
                Title = "Too many requests.",
                Status = StatusCodes.Status429TooManyRequests,
                Detail = $"The model's device queue is full: it holds as much work as it can serve well within "
                    + $"{options.Value.RequestTimeout.TotalSeconds:0.###} s; retry after the Retry-After seconds.",
            },
            options.Value.RetryAfter);

        public Task InvokeAsync(HttpContext context)
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<Gated>() is null
                || context.Request.RouteValues["id"] is not string id
                || !Guid.TryParse(id, out var modelId)
                || engine.TryAdmit(modelId))
                return next(context);
            return refusal.WriteAsync(context);
        }
    }
}
