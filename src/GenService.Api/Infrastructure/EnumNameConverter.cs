using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GenService.Api.Infrastructure;

/// <summary>Other spellings a request may use for an enum member, e.g. "jpg" or "image/jpeg" for jpeg.</summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class JsonEnumAliasesAttribute(params string[] aliases) : Attribute
{
    public IReadOnlyList<string> Aliases { get; } = aliases;
}

/// <summary>
/// Every enum in JSON as its name: the member's <see cref="JsonStringEnumMemberNameAttribute"/> or its C# name.
/// Reading ignores case and surrounding spaces and takes <see cref="JsonEnumAliasesAttribute"/> spellings; numbers
/// are refused. An unknown name throws a JsonException whose message lists the allowed names, so the 400 can say
/// which field was wrong and what it takes (<see cref="BadRequestExceptionHandler"/>). Query values of enum
/// parameters are read the same way (<see cref="EnumQueryValues"/>).
/// </summary>
public sealed class EnumNameConverter : JsonConverterFactory
{
    private static readonly ConcurrentDictionary<Type, Dictionary<string, Enum>> AcceptedByType = new();

    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    /// <summary>Reads <paramref name="text"/> as a JSON string of the enum is read: a name or alias in any case, never a number.</summary>
    public static bool TryRead(Type enumType, string text, [NotNullWhen(true)] out Enum? value)
    {
        ArgumentNullException.ThrowIfNull(text);
        return AcceptedByType.GetOrAdd(enumType, Accepted).TryGetValue(text.Trim(), out value);
    }

    /// <summary>Every spelling of the enum's members that a request may use, ignoring case: names and aliases.</summary>
    internal static Dictionary<string, Enum> Accepted(Type enumType)
    {
        var accepted = new Dictionary<string, Enum>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in enumType.GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var value = (Enum)field.GetValue(null)!;
            accepted[field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name] = value;
            foreach (var alias in field.GetCustomAttribute<JsonEnumAliasesAttribute>()?.Aliases ?? [])
                accepted[alias] = value;
        }
        return accepted;
    }

    /// <summary>The names an enum is written with: each member's <see cref="JsonStringEnumMemberNameAttribute"/> or its C# name.</summary>
    public static IReadOnlyList<string> Names(Type enumType) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name)
            .ToList();

    /// <summary>"Must be a, b or c.": what a bad value of the enum is told.</summary>
    public static string MustBe(Type enumType)
    {
        var names = Names(enumType);
        return names.Count == 1 ? $"Must be {names[0]}." : $"Must be {string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}.";
    }

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(EnumNameConverter<>).MakeGenericType(typeToConvert))!;
}

internal sealed class EnumNameConverter<T> : JsonConverter<T>
    where T : struct, Enum
{
    private readonly Dictionary<T, string> names = typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToDictionary(field => (T)field.GetValue(null)!, field => field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name);
    private readonly Dictionary<string, T> accepted = EnumNameConverter.Accepted(typeof(T))
        .ToDictionary(spelling => spelling.Key, spelling => (T)spelling.Value, StringComparer.OrdinalIgnoreCase);
    private readonly string mustBe = EnumNameConverter.MustBe(typeof(T));

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && accepted.TryGetValue(reader.GetString()!.Trim(), out var value)
            ? value
            : throw new JsonException(mustBe);

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(names.TryGetValue(value, out var name) ? name : value.ToString());
}
