namespace GenService.Api.Infrastructure;

/// <summary>Why a service refused a request; handlers map each kind to its HTTP answer.</summary>
public sealed record ServiceError(ServiceErrorKind Kind, string Detail, IDictionary<string, string[]>? Errors = null)
{
    public static ServiceError NotFound(string detail) => new(ServiceErrorKind.NotFound, detail);

    public static ServiceError Invalid(string field, string message) => new(ServiceErrorKind.Invalid, message, new Dictionary<string, string[]> { [field] = [message] });

    public static ServiceError Invalid(IDictionary<string, string[]> errors) => new(ServiceErrorKind.Invalid, "One or more fields are invalid.", errors);

    public static ServiceError Conflict(string detail) => new(ServiceErrorKind.Conflict, detail);
}

public enum ServiceErrorKind
{
    NotFound,
    Invalid,
    Conflict,
}

/// <summary>A value, or the reason there is none.</summary>
public readonly record struct ServiceResult<T>(T? Value, ServiceError? Error)
{
    public static implicit operator ServiceResult<T>(T value) => new(value, null);

    public static implicit operator ServiceResult<T>(ServiceError error) => new(default, error);
}
