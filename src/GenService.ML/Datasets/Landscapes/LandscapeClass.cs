namespace GenService.ML.Datasets.Landscapes;

/// <summary>
/// The classes a landscape's label map holds, as the SPADE lecture's examples name them. Every pixel
/// belongs to one, so there is no "don't care" index: 0 is sky.
/// </summary>
public enum LandscapeClass : byte
{
    Sky,
    Cloud,
    Mountain,
    Sea,
    Grass,
    Tree,
    Rock,
}

/// <summary>The landscape classes with their names and display colours, indexed by their value.</summary>
public static class LandscapeClasses
{
    public static IReadOnlyList<LabelClass> All { get; } =
    [
        new((int)LandscapeClass.Sky, "sky", "#78c8ff"),
        new((int)LandscapeClass.Cloud, "cloud", "#f0f0f0"),
        new((int)LandscapeClass.Mountain, "mountain", "#8c5a3c"),
        new((int)LandscapeClass.Sea, "sea", "#1e46b4"),
        new((int)LandscapeClass.Grass, "grass", "#50c850"),
        new((int)LandscapeClass.Tree, "tree", "#146414"),
        new((int)LandscapeClass.Rock, "rock", "#787878"),
    ];
}
