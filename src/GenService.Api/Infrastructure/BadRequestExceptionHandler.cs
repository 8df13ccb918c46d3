using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace GenService.Api.Infrastructure;

/// <summary>
/// Turns request-binding failures (malformed JSON, a body too large, a wrong content type) into a
/// ProblemDetails with the framework's own explanation, instead of an empty 400 or a 500. A JSON value
/// of the wrong kind (a word for a number, an unknown enum name) becomes a validation problem that names
/// the field, as the services' own checks do; so does an unknown name in a form field of an enum type (query
/// fields of an enum type are read before the route runs: <see cref="EnumQueryValues"/>).
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
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
            ProblemDetails = FieldError(httpContext, badRequest) is var (field, message)
                ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
                {
                    Status = badRequest.StatusCode,
                    Detail = message,
                }
                : new()
                {
                    Status = badRequest.StatusCode,
                    Title = "The request could not be read.",
                    Detail = badRequest.InnerException is { } inner ? $"{badRequest.Message} {inner.Message}" : badRequest.Message,
                },
        });
    }

    /// <summary>The field at fault and what it takes, when the failure is one value of one field.</summary>
    private static (string Field, string Message)? FieldError(HttpContext httpContext, BadHttpRequestException badRequest)
    {
        if (badRequest.InnerException is JsonException { Path: { Length: > 0 } path } json)
            return (FieldName(path), json.Message);
        // Form values are bound by the framework, which names the parameter in its message only.
        if (FailedBinding().Match(badRequest.Message) is not { Success: true } match)
            return null;
        var name = match.Groups["name"].Value;
        // The handler runs with the endpoint cleared; the feature keeps the one that failed.
        var parameter = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<MethodInfo>()?.GetParameters()
            .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));
        var type = parameter is null ? null : Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        return type is { IsEnum: true } ? (name, EnumNameConverter.MustBe(type)) : null;
    }

    [GeneratedRegex("^Failed to bind parameter \"[^\"]* (?<name>[A-Za-z0-9_]+)\" from \".*\"\\.$", RegexOptions.Singleline)]
    private static partial Regex FailedBinding();

    /// <summary>"$.format" is the field "format", as the services name fields; "$" (the whole body) stays "$".</summary>
    private static string FieldName(string path) => path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
}
