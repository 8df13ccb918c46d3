namespace GenService.ML.Families.Spade;

/// <summary>The parameter-free normalisation inside each SPADE layer, before the label map's γ and β.</summary>
public enum SpadeNormalisationKind
{
    /// <summary>Batch statistics in training, running averages at inference (Park et al. 2019: synchronised batch norm).</summary>
    Batch,

    /// <summary>Each image's own statistics, in training and at inference.</summary>
    Instance,
}

/// <summary>The normalisations' names as clients write them.</summary>
public static class SpadeNormalisationKinds
{
    /// <summary>In the order of <see cref="SpadeNormalisationKind"/>, so a choice index is the enum value.</summary>
    public static IReadOnlyList<string> Names { get; } = ["batch", "instance"];

    public static SpadeNormalisationKind Parse(string name) =>
        Names.ToList().IndexOf(name) is var index and >= 0
            ? (SpadeNormalisationKind)index
            : throw new ArgumentException($"Unknown normalisation '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));
}
