namespace GenService.ML.Datasets.Captions;

/// <summary>
/// Where the built-in caption writer draws the line for each attribute, per class: the terciles of each measure
/// (<see cref="GarmentMeasures"/>) over that class's training images. Below the lower tercile a garment is dark,
/// plain or narrow; above the upper one light, patterned or wide; in the middle third the caption does not name the
/// attribute. Per class, because "a narrow coat" compares it with coats, not with trousers.
/// </summary>
/// <param name="Classes">One entry a class, in label order.</param>
public sealed record FashionAttributeThresholds(IReadOnlyList<ClassThresholds> Classes)
{
    /// <summary>The terciles of each measure over each class's images.</summary>
    /// <param name="labels">The class of each measured image.</param>
    public static FashionAttributeThresholds Of(IReadOnlyList<GarmentMeasures> measures, IReadOnlyList<long> labels, IReadOnlyList<string> classNames)
    {
        var classes = classNames.Select((name, label) =>
        {
            var ofClass = measures.Where((_, i) => labels[i] == label).ToList();
            return new ClassThresholds(
                name,
                Tercile.Of(ofClass.Select(m => m.Brightness)),
                Tercile.Of(ofClass.Select(m => m.Texture)),
                Tercile.Of(ofClass.Select(m => m.Width)));
        });
        return new FashionAttributeThresholds([.. classes]);
    }

    /// <summary>The attributes a garment of class <paramref name="label"/> clearly has, in the order brightness, texture, width.</summary>
    public IReadOnlyList<GarmentAttribute> AttributesOf(GarmentMeasures measures, long label)
    {
        var thresholds = Classes[(int)label];
        var attributes = new List<GarmentAttribute>(3);
        if (thresholds.Brightness.Side(measures.Brightness) is { } light)
            attributes.Add(light ? GarmentAttribute.Light : GarmentAttribute.Dark);
        if (thresholds.Texture.Side(measures.Texture) is { } patterned)
            attributes.Add(patterned ? GarmentAttribute.Patterned : GarmentAttribute.Plain);
        if (thresholds.Width.Side(measures.Width) is { } wide)
            attributes.Add(wide ? GarmentAttribute.Wide : GarmentAttribute.Narrow);
        return attributes;
    }
}

/// <summary>The terciles of the three measures over one class's training images.</summary>
public sealed record ClassThresholds(string Class, Tercile Brightness, Tercile Texture, Tercile Width);

/// <summary>The lower and upper terciles of a measure: the values a third and two thirds of the way up its sorted list.</summary>
public sealed record Tercile(double Lower, double Upper)
{
    /// <summary>Nearest-rank terciles; (0, 0) for no values, which names no attribute.</summary>
    public static Tercile Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0
            ? new Tercile(0, 0)
            : new Tercile(sorted[(sorted.Length - 1) / 3], sorted[2 * (sorted.Length - 1) / 3]);
    }

    /// <summary>True above the upper tercile, false below the lower, null in between (or on either).</summary>
    public bool? Side(double value) => value > Upper ? true : value < Lower ? false : null;
}

/// <summary>An attribute the built-in captions name, measured from the pixels.</summary>
public enum GarmentAttribute
{
    Light,
    Dark,
    Plain,
    Patterned,
    Wide,
    Narrow,
}
