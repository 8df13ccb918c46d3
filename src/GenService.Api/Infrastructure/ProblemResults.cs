using Microsoft.AspNetCore.Http.HttpResults;

namespace GenService.Api.Infrastructure;

/// <summary>RFC 7807 answers for service errors, so every route words them the same way. Problems go out
/// as application/problem+json; routes declare their statuses with ProducesProblem for the OpenAPI document.</summary>
public static class ProblemResults
{
    public static ProblemHttpResult NotFound(ServiceError error) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: error.Detail);

    public static ProblemHttpResult Conflict(ServiceError error) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict.", detail: error.Detail);

    public static RetryAfterProblemHttpResult TooManyRequests(ServiceError error) =>
        new(TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.", detail: error.Detail,
                extensions: error.Quota?.Extensions()),
            error.RetryAfter ?? TimeSpan.FromSeconds(1));

    public static ProblemHttpResult Unavailable(ServiceError error) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service unavailable.", detail: error.Detail);

    public static ProblemHttpResult TooLarge(ServiceError error) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large.", detail: error.Detail, extensions: error.Quota?.Extensions());

    public static ValidationProblem Invalid(ServiceError error) =>
        TypedResults.ValidationProblem(error.Errors ?? new Dictionary<string, string[]>(), detail: error.Detail);
}
