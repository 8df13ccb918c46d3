using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace GenService.Api.Infrastructure;

/// <summary>
/// Turns request-binding failures (malformed JSON, a body too large, a wrong content type) into a
/// ProblemDetails with the framework's own explanation, instead of an empty 400 or a 500. A JSON value
/// of the wrong kind (a word for a number, an unknown enum name) becomes a validation problem that names
/// the field, as the services' own checks do.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
            return false;
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = badRequest.InnerException is JsonException { Path: { Length: > 0 } path } json
                ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { [FieldName(path)] = [json.Message] })
                {
                    Status = badRequest.StatusCode,
                    Detail = json.Message,
                }
                : new()
                {
                    Status = badRequest.StatusCode,
                    Title = "The request could not be read.",
                    Detail = badRequest.InnerException is { } inner ? $"{badRequest.Message} {inner.Message}" : badRequest.Message,
                },
        });
    }

    /// <summary>"$.format" is the field "format", as the services name fields; "$" (the whole body) stays "$".</summary>
    private static string FieldName(string path) => path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
}
