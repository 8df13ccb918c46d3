using System.Text.Json;

namespace GenService.ML.Families;

/// <summary>Validated hyperparameter values: every spec of a family has a value, in range.</summary>
public sealed class Hyperparameters
{
    private readonly Dictionary<string, double> values;

    private Hyperparameters(Dictionary<string, double> values) => this.values = values;

    public IReadOnlyDictionary<string, double> Values => values;

    public double Get(string name) => values.TryGetValue(name, out var value)
        ? value
        : throw new KeyNotFoundException($"No hyperparameter '{name}'.");

    public int GetInt(string name) => checked((int)Get(name));

    /// <summary>The value of a choice hyperparameter, as its name.</summary>
    public string GetChoice(string name, IReadOnlyList<HyperparameterSpec> specs)
    {
        var choices = specs.First(s => string.Equals(s.Name, name, StringComparison.Ordinal)).Choices
            ?? throw new ArgumentException($"Hyperparameter '{name}' is not a choice.", nameof(name));
        return choices[GetInt(name)];
    }

    /// <summary>Fills defaults and checks names, types and ranges; errors are keyed by field name. A default
    /// that follows a named option (<see cref="HyperparameterSpec.DefaultsByChoice"/>) is the one under the
    /// option's value in this request, stored as the number itself.</summary>
    public static Hyperparameters Validate(
        IReadOnlyList<HyperparameterSpec> specs,
        IReadOnlyDictionary<string, JsonElement>? supplied,
        out Dictionary<string, string[]> errors)
    {
        errors = [];
        var values = specs.ToDictionary(s => s.Name, s => s.Default, StringComparer.Ordinal);
        foreach (var (name, element) in supplied ?? new Dictionary<string, JsonElement>())
        {
            var spec = specs.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));
            if (spec is null)
            {
                errors[name] = [$"Unknown hyperparameter. Known: {string.Join(", ", specs.Select(s => s.Name))}."];
                continue;
            }
            if (spec.Choices is { } choices)
            {
                var index = element.ValueKind == JsonValueKind.String
                    ? choices.ToList().FindIndex(c => string.Equals(c, element.GetString(), StringComparison.OrdinalIgnoreCase))
                    : -1;
                if (index < 0)
                    errors[name] = [$"Must be one of: {string.Join(", ", choices)}."];
                else
                    values[name] = index;
                continue;
            }
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value) || !double.IsFinite(value))
            {
                errors[name] = ["Must be a number."];
                continue;
            }
            if (spec.IsInteger && value != Math.Floor(value))
            {
                errors[name] = ["Must be a whole number."];
                continue;
            }
            if (value < spec.Minimum || value > spec.Maximum)
            {
                errors[name] = [$"Must be between {spec.Minimum} and {spec.Maximum}."];
                continue;
            }
            values[name] = value;
        }
        foreach (var spec in specs)
        {
            if (spec.DefaultsByChoice is { } defaults && supplied?.ContainsKey(spec.Name) != true)
                values[spec.Name] = DefaultUnderChoice(specs, spec.Name, defaults, values);
        }
        return new Hyperparameters(values);
    }

    private static double DefaultUnderChoice(
        IReadOnlyList<HyperparameterSpec> specs, string name, ChoiceDefaults defaults, Dictionary<string, double> values)
    {
        var choices = specs.FirstOrDefault(s => string.Equals(s.Name, defaults.Choice, StringComparison.Ordinal))?.Choices
            ?? throw new InvalidOperationException($"'{name}' takes its default from '{defaults.Choice}', which is not a choice hyperparameter.");
        var chosen = choices[(int)values[defaults.Choice]];
        return defaults.Values.TryGetValue(chosen, out var value)
            ? value
            : throw new InvalidOperationException($"'{name}' has no default for {defaults.Choice} '{chosen}'.");
    }

    /// <summary>The values without those of settings that mean nothing for this kind of dataset
    /// (<see cref="HyperparameterSpec.AppliesTo"/>), so a run records only what it uses.</summary>
    public Hyperparameters For(DatasetKind kind, IReadOnlyList<HyperparameterSpec> specs) =>
        new(values.Where(pair => specs.FirstOrDefault(s => string.Equals(s.Name, pair.Key, StringComparison.Ordinal))?.AppliesTo(kind) != false)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal));

    /// <summary>Values as clients write them: numbers, and choices by name.</summary>
    public static Dictionary<string, JsonElement> Describe(IReadOnlyList<HyperparameterSpec> specs, IReadOnlyDictionary<string, double> stored) =>
        stored.ToDictionary(
            pair => pair.Key,
            pair => specs.FirstOrDefault(s => string.Equals(s.Name, pair.Key, StringComparison.Ordinal))?.Choices is { } choices
                    && pair.Value >= 0 && pair.Value < choices.Count
                ? JsonSerializer.SerializeToElement(choices[(int)pair.Value])
                : JsonSerializer.SerializeToElement(pair.Value),
            StringComparer.Ordinal);

    /// <summary>Rebuilds values that were validated earlier (read back from storage).</summary>
    public static Hyperparameters FromStored(IReadOnlyList<HyperparameterSpec> specs, IReadOnlyDictionary<string, double> stored)
    {
        var values = specs.ToDictionary(s => s.Name, s => s.StoredValue(stored), StringComparer.Ordinal);
        return new Hyperparameters(values);
    }
}
