namespace GenService.Api.Observability;

/// <summary>
/// Gives every request an id a user can quote and an operator can grep for: the caller's X-Request-Id
/// when it is a sane one, else a new one. It is returned in the X-Request-Id response header, carried
/// by every log line of the request (a logging scope), and put in ProblemDetails as "requestId".
/// </summary>
/// <remarks>An id that is too long or has other characters is replaced, not refused: it is a tracing
/// aid, and a request should not fail for it; the response header tells the caller which id was used.
/// The charset keeps ids safe to echo in a header and to paste into a log search.</remarks>
internal sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string Header = "X-Request-Id";
    public const int MaxLength = 64;

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[Header];
        var requestId = incoming.Count == 1 && IsValid(incoming[0]) ? incoming[0]! : Guid.NewGuid().ToString("N");
        // TraceIdentifier is what the framework's own problem answers and diagnostics use.
        context.TraceIdentifier = requestId;
        context.Response.Headers[Header] = requestId;
        using (logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = requestId, ["RequestPath"] = context.Request.Path.Value ?? "" }))
            await next(context);
    }

    /// <summary>1 to 64 characters: ASCII letters, digits, '-', '_', '.' and ':'.</summary>
    public static bool IsValid(string? value) =>
        value is { Length: > 0 and <= MaxLength } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
