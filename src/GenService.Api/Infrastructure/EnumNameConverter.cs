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
/// which field was wrong and what it takes (<see cref="BadRequestExceptionHandler"/>).
/// </summary>
public sealed class EnumNameConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

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
    private readonly Dictionary<T, string> names = [];
    private readonly Dictionary<string, T> accepted = new(StringComparer.OrdinalIgnoreCase);
    private readonly string mustBe;

    public EnumNameConverter()
    {
        foreach (var field in typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var value = (T)field.GetValue(null)!;
            var name = field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name;
            names[value] = name;
            accepted[name] = value;
            foreach (var alias in field.GetCustomAttribute<JsonEnumAliasesAttribute>()?.Aliases ?? [])
                accepted[alias] = value;
        }
        mustBe = EnumNameConverter.MustBe(typeof(T));
    }

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && accepted.TryGetValue(reader.GetString()!.Trim(), out var value)
            ? value
            : throw new JsonException(mustBe);

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(names.TryGetValue(value, out var name) ? name : value.ToString());
}
