using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GenService.Api.Infrastructure;

/// <summary>A problem answer with a Retry-After header (RFC 9110 §10.2.3), which ProblemHttpResult cannot carry.</summary>
public sealed class RetryAfterProblemHttpResult(ProblemHttpResult problem, TimeSpan retryAfter) : IResult, IStatusCodeHttpResult
{
    public ProblemHttpResult Problem { get; } = problem;

    public TimeSpan RetryAfter { get; } = retryAfter;

    public int? StatusCode => Problem.StatusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        // Whole seconds, rounded up: the header has no finer unit and an early retry would be refused again.
        httpContext.Response.Headers.RetryAfter = ((long)Math.Ceiling(RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Problem.ExecuteAsync(httpContext);
    }
}
