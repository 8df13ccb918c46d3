using GenService.Api.Quotas;

namespace GenService.Api.Infrastructure;

/// <summary>Why a service refused a request; handlers map each kind to its HTTP answer.</summary>
/// <param name="RetryAfter">When an overloaded service expects to have room again.</param>
/// <param name="Quota">The account's quota the request would go over, for a refusal on that ground.</param>
public sealed record ServiceError(
    ServiceErrorKind Kind,
    string Detail,
    IDictionary<string, string[]>? Errors = null,
    TimeSpan? RetryAfter = null,
    QuotaExceeded? Quota = null)
{
    public static ServiceError NotFound(string detail) => new(ServiceErrorKind.NotFound, detail);

    public static ServiceError Invalid(string field, string message) => new(ServiceErrorKind.Invalid, message, new Dictionary<string, string[]> { [field] = [message] });

    public static ServiceError Invalid(IDictionary<string, string[]> errors) => new(ServiceErrorKind.Invalid, "One or more fields are invalid.", errors);

    public static ServiceError Conflict(string detail) => new(ServiceErrorKind.Conflict, detail);

    public static ServiceError Overloaded(string detail, TimeSpan retryAfter) => new(ServiceErrorKind.Overloaded, detail, RetryAfter: retryAfter);

    public static ServiceError Unavailable(string detail) => new(ServiceErrorKind.Unavailable, detail);

    public static ServiceError TooLarge(string detail) => new(ServiceErrorKind.TooLarge, detail);

    /// <summary>Over an account's quota: 413 for a request too big for it (an upload, a generation's images, a
    /// training run of a full account: waiting frees no bytes, so a Retry-After would mislead), 429 for one more than
    /// it allows at once (training runs), to be asked again in a minute: the service cannot tell when a run will end.</summary>
    public static ServiceError OverQuota(QuotaExceeded quota, string detail, bool tooLarge) =>
        tooLarge
            ? new(ServiceErrorKind.TooLarge, detail, Quota: quota)
            : new(ServiceErrorKind.Overloaded, detail, RetryAfter: TimeSpan.FromMinutes(1), Quota: quota);
}

public enum ServiceErrorKind
{
    NotFound,
    Invalid,
    Conflict,

    /// <summary>Too many requests are waiting: 429, try again after a while.</summary>
    Overloaded,

    /// <summary>The request could not be served in time: 503.</summary>
    Unavailable,

    /// <summary>The upload or the image is over a configured limit: 413.</summary>
    TooLarge,
}

/// <summary>A value, or the reason there is none.</summary>
public readonly record struct ServiceResult<T>(T? Value, ServiceError? Error)
{
    public static implicit operator ServiceResult<T>(T value) => new(value, null);

    public static implicit operator ServiceResult<T>(ServiceError error) => new(default, error);
}
