namespace GenService.ML.Datasets;

/// <summary>How the input of a pair is made from an image of a plain dataset (the image is the target).</summary>
public enum PairDerivation
{
    /// <summary>The image's edges (<see cref="CannyEdgeDetector"/>), black lines on white as in edges2shoes.</summary>
    Edges,

    /// <summary>The image's ITU-R BT.601 luma (<see cref="Luma"/>): colourisation.</summary>
    Grayscale,
}

/// <summary>The derivations' names as clients write them.</summary>
public static class PairDerivations
{
    public const string EdgesName = "edges";
    public const string GrayscaleName = "grayscale";

    /// <summary>In the order of <see cref="PairDerivation"/>, so a choice index is the enum value.</summary>
    public static IReadOnlyList<string> Names { get; } = [EdgesName, GrayscaleName];

    public static PairDerivation Parse(string name) =>
        Names.ToList().IndexOf(name) is var index and >= 0
            ? (PairDerivation)index
            : throw new ArgumentException($"Unknown pair derivation '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));
}
