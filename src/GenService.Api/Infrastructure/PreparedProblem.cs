using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;

namespace GenService.Api.Infrastructure;

/// <summary>
/// A ProblemDetails answer serialised once, with only the request id written per request: for answers that
/// must cost next to nothing, such as the admission gate's 429s, which under overload are most answers.
/// </summary>
/// <remarks>The request id goes in unescaped: <see cref="Observability.RequestIdMiddleware"/> allows only
/// letters, digits and <c>-_.:</c>, none of which JSON escapes.</remarks>
public sealed class PreparedProblem
{
    private const string RequestIdPlaceholder = "REQUEST_ID";
    private readonly int status;
    private readonly byte[] head;
    private readonly byte[] tail;
    private readonly StringValues retryAfter;

    /// <param name="problem">The answer; its "requestId" is added per request.</param>
    /// <param name="retryAfter">Sent as Retry-After, when given.</param>
    public PreparedProblem(ProblemDetails problem, TimeSpan? retryAfter = null)
    {
        status = problem.Status ?? throw new ArgumentException("A prepared problem needs its status.", nameof(problem));
        problem.Extensions["requestId"] = RequestIdPlaceholder;
        var json = JsonSerializer.Serialize(problem, JsonSerializerOptions.Web);
        var split = json.IndexOf(RequestIdPlaceholder, StringComparison.Ordinal);
        head = Encoding.UTF8.GetBytes(json[..split]);
        tail = Encoding.UTF8.GetBytes(json[(split + RequestIdPlaceholder.Length)..]);
        // Whole seconds, rounded up, as RetryAfterProblemHttpResult writes them.
        if (retryAfter is { } wait)
            this.retryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    public async Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        var requestId = context.TraceIdentifier;
        var length = head.Length + requestId.Length + tail.Length;
        response.StatusCode = status;
        response.ContentType = "application/problem+json";
        response.ContentLength = length;
        if (!StringValues.IsNullOrEmpty(retryAfter))
            response.Headers.RetryAfter = retryAfter;
        var body = response.BodyWriter;
        var span = body.GetSpan(length);
        head.CopyTo(span);
        var written = head.Length + Encoding.ASCII.GetBytes(requestId, span[head.Length..]);
        tail.CopyTo(span[written..]);
        body.Advance(length);
        await body.FlushAsync(context.RequestAborted);
    }
}
