using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Primitives;

namespace GenService.Api.Infrastructure;

/// <summary>
/// Reads the query values of a route's enum parameters as JSON bodies read enums (<see cref="EnumNameConverter"/>):
/// "jpg" or "image/jpeg" for jpeg, in any case. The framework's binder knows only the members' C# names, spelled
/// exactly, and numbers, so each value is handed to it as its member's C# name, and a value no member takes gets
/// a 400 naming the field and the allowed names before the route runs.
/// </summary>
public static class EnumQueryValues
{
    /// <summary>After routing, which tells the route's handler and so its parameters.</summary>
    public static void UseEnumQueryValues(this IApplicationBuilder app) => app.UseMiddleware<Middleware>();

    private sealed class Middleware(RequestDelegate next)
    {
        private readonly ConcurrentDictionary<MethodInfo, IReadOnlyList<(string Name, Type Enum)>> parametersByHandler = new();

        public Task InvokeAsync(HttpContext context)
        {
            var query = context.Request.Query;
            if (query.Count == 0 || context.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>() is not { } handler)
                return next(context);
            Dictionary<string, StringValues>? rewritten = null;
            foreach (var (name, enumType) in parametersByHandler.GetOrAdd(handler, EnumQueryParameters))
            {
                if (!query.TryGetValue(name, out var given))
                    continue;
                if (!EnumNameConverter.TryRead(enumType, given.ToString(), out var value))
                    return ProblemResults.Invalid(ServiceError.Invalid(name, EnumNameConverter.MustBe(enumType))).ExecuteAsync(context);
                rewritten ??= query.ToDictionary(StringComparer.OrdinalIgnoreCase);
                rewritten[name] = value.ToString();
            }
            if (rewritten is not null)
                context.Request.Query = new QueryCollection(rewritten);
            return next(context);
        }

        /// <summary>The handler's parameters of an enum type (or a nullable one) that bind from the query string.</summary>
        private static IReadOnlyList<(string Name, Type Enum)> EnumQueryParameters(MethodInfo handler) =>
            handler.GetParameters()
                .Where(parameter => (Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType).IsEnum)
                .Where(parameter => !parameter.GetCustomAttributes().Any(attribute =>
                    attribute is IFromRouteMetadata or IFromFormMetadata or IFromHeaderMetadata or IFromBodyMetadata or IFromServiceMetadata))
                .Select(parameter => (
                    parameter.GetCustomAttributes().OfType<IFromQueryMetadata>().FirstOrDefault()?.Name ?? parameter.Name!,
                    Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType))
                .ToList();
    }
}
