namespace GenService.ML.Datasets.Captions;

/// <summary>
/// The phrasings of the built-in Fashion-MNIST captions. Training captions use <see cref="Training"/> only; each image
/// also gets a caption in one of the <see cref="Unseen"/> phrasings, which no training caption uses, so an evaluation
/// can ask whether a model follows prompts worded in a way it never read.
/// </summary>
public static class FashionCaptionTemplates
{
    /// <summary>The noun of each class, in label order; trousers are counted in pairs.</summary>
    public static IReadOnlyList<GarmentNoun> Nouns { get; } =
    [
        new("t-shirt"), new("trousers", "pair of "), new("pullover"), new("dress"), new("coat"),
        new("sandal"), new("shirt"), new("sneaker"), new("bag"), new("ankle boot"),
    ];

    /// <summary>"a dark patterned sneaker", "sneaker, light colour", "a photo of a narrow light dress"…</summary>
    public static IReadOnlyList<Func<GarmentNoun, IReadOnlyList<GarmentAttribute>, string>> Training { get; } =
    [
        (noun, attributes) => WithArticle(noun.Phrase(attributes)),
        (noun, attributes) => string.Join(", ", [noun.Noun, .. attributes.Select(ColourOrCut)]),
        (noun, attributes) => "a photo of " + WithArticle(noun.Phrase(attributes)),
        (noun, attributes) => string.Join(' ', [.. attributes.Select(Word), noun.Noun]),
        (noun, attributes) => WithArticle(noun.Phrase([])) + (attributes.Count == 0 ? "" : " that is " + AndList(attributes)),
        (noun, attributes) => "an image of " + WithArticle(noun.Phrase(attributes)),
    ];

    /// <summary>"a picture showing a light plain coat", "coat (light, plain)", "this is a light plain coat", "a coat, light and plain".</summary>
    public static IReadOnlyList<Func<GarmentNoun, IReadOnlyList<GarmentAttribute>, string>> Unseen { get; } =
    [
        (noun, attributes) => "a picture showing " + WithArticle(noun.Phrase(attributes)),
        (noun, attributes) => noun.Noun + (attributes.Count == 0 ? "" : $" ({string.Join(", ", attributes.Select(Word))})"),
        (noun, attributes) => "this is " + WithArticle(noun.Phrase(attributes)),
        (noun, attributes) => WithArticle(noun.Phrase([])) + (attributes.Count == 0 ? "" : ", " + AndList(attributes)),
    ];

    /// <summary>The attribute as an adjective: "dark", "patterned", "wide".</summary>
    public static string Word(GarmentAttribute attribute) => attribute.ToString().ToLowerInvariant();

    /// <summary>"dark colour", "patterned", "wide cut": the attribute after a comma.</summary>
    private static string ColourOrCut(GarmentAttribute attribute) => attribute switch
    {
        GarmentAttribute.Light or GarmentAttribute.Dark => Word(attribute) + " colour",
        GarmentAttribute.Wide or GarmentAttribute.Narrow => Word(attribute) + " cut",
        _ => Word(attribute),
    };

    private static string WithArticle(string phrase) => ("aeiou".Contains(phrase[0]) ? "an " : "a ") + phrase;

    /// <summary>"dark", "dark and plain", "dark, plain and wide".</summary>
    private static string AndList(IReadOnlyList<GarmentAttribute> attributes) => attributes.Count == 1
        ? Word(attributes[0])
        : string.Join(", ", attributes.Take(attributes.Count - 1).Select(Word)) + " and " + Word(attributes[^1]);
}

/// <summary>A class's noun, and what counts it ("pair of " for trousers).</summary>
public sealed record GarmentNoun(string Noun, string Counter = "")
{
    /// <summary>The counted noun with adjectives before it: "pair of dark trousers", "light plain coat".</summary>
    public string Phrase(IReadOnlyList<GarmentAttribute> attributes) =>
        Counter + string.Join(' ', [.. attributes.Select(FashionCaptionTemplates.Word), Noun]);
}
