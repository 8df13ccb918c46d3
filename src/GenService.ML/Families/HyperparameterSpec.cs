namespace GenService.ML.Families;

/// <summary>One tunable setting of a model family: its default (the paper's value where there is one)
/// and its allowed range, so the API can validate a request and document the family.</summary>
public sealed record HyperparameterSpec(
    string Name,
    string Description,
    double Default,
    double Minimum,
    double Maximum,
    bool IsInteger = false);
