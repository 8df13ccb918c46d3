namespace GenService.ML.Families;

/// <summary>One tunable setting of a model family: its default (the paper's value where there is one)
/// and its allowed range, so the API can validate a request and document the family.</summary>
/// <param name="Choices">For a named option (e.g. a GAN objective): its allowed names. Clients send
/// and read the name; it is stored as the index into this list, which is what Default, Minimum and
/// Maximum hold.</param>
/// <param name="DefaultsByChoice">For a setting whose paper value depends on a named option (a GAN's
/// learning rate on its objective): the default under each of that option's choices. <see cref="Default"/>
/// is then the value under the option's own default.</param>
/// <param name="DatasetKinds">The kinds of dataset the setting means something for (a pair derivation: plain images);
/// null for every kind. On another kind the service refuses it when given and does not record its default.</param>
public sealed record HyperparameterSpec(
    string Name,
    string Description,
    double Default,
    double Minimum,
    double Maximum,
    bool IsInteger = false,
    IReadOnlyList<string>? Choices = null,
    ChoiceDefaults? DefaultsByChoice = null,
    IReadOnlySet<DatasetKind>? DatasetKinds = null,
    double? WhenNotStored = null)
{
    /// <summary>The value a stored run or model that does not record this setting gets: <see cref="WhenNotStored"/>
    /// where the setting was added after runs were stored and its default would change what they do (a run resumed
    /// after an upgrade must go on as it began); otherwise the default.</summary>
    public double StoredValue(IReadOnlyDictionary<string, double> stored) =>
        stored.TryGetValue(Name, out var value) ? value : WhenNotStored ?? Default;

    /// <summary>Whether the setting means something for a run on this kind of dataset.</summary>
    public bool AppliesTo(DatasetKind kind) => DatasetKinds is null || DatasetKinds.Contains(kind);

    /// <summary>A named option whose value is one of <paramref name="choices"/>.</summary>
    public static HyperparameterSpec Choice(string name, string description, IReadOnlyList<string> choices, string defaultChoice)
    {
        var index = choices.ToList().IndexOf(defaultChoice);
        if (index < 0)
            throw new ArgumentException($"Default '{defaultChoice}' is not one of the choices.", nameof(defaultChoice));
        return new HyperparameterSpec(name, description, index, 0, choices.Count - 1, IsInteger: true, choices);
    }
}

/// <summary>The defaults of a setting that follow a named option.</summary>
/// <param name="Choice">Name of the choice hyperparameter the default follows.</param>
/// <param name="Values">The default under each of its choices, by choice name; every choice has one.</param>
public sealed record ChoiceDefaults(string Choice, IReadOnlyDictionary<string, double> Values);
