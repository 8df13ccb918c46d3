namespace GenService.Api.Infrastructure;

/// <summary>Collects every bad field of a request, so that one 400 names them all instead of the first only.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
            errors[field] = messages = [];
        messages.Add(message);
    }

    /// <summary>Adds the fields of an Invalid error from a shared check; null adds nothing.</summary>
    public void Add(ServiceError? error)
    {
        if (error?.Errors is null)
            return;
        foreach (var (field, messages) in error.Errors)
        {
            foreach (var message in messages)
                Add(field, message);
        }
    }

    /// <returns>Null when every field is valid. A single message is also the problem's detail, as before.</returns>
    public ServiceError? ToError()
    {
        if (errors.Count == 0)
            return null;
        if (errors.Count == 1 && errors.Single() is { Value.Count: 1 } only)
            return ServiceError.Invalid(only.Key, only.Value[0]);
        return ServiceError.Invalid(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
    }
}
