namespace GenService.ML.Datasets;

/// <summary>
/// Pairs [Start, Start + Count) of a stored pair dataset, which came from the archive's <see cref="Name"/>/ folder:
/// train, val or test, the split pix2pix's published datasets (facades, edges2shoes) ship in.
/// </summary>
public sealed record PairSplit(string Name, long Start, long Count)
{
    public const string Train = "train";
    public const string Validation = "val";
    public const string Test = "test";

    public static IReadOnlyList<string> Names { get; } = [Train, Validation, Test];

    /// <summary>The runs of equal names in <paramref name="names"/>, the split of each pair in stored order; every name appears in one run.</summary>
    /// <exception cref="ArgumentException">A name is not a split's, or its pairs are not together.</exception>
    public static IReadOnlyList<PairSplit> OfPairs(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var splits = new List<PairSplit>();
        for (var start = 0; start < names.Count;)
        {
            var end = start + 1;
            while (end < names.Count && names[end] == names[start])
                end++;
            splits.Add(new PairSplit(names[start], start, end - start));
            start = end;
        }
        if (Problem(splits, names.Count) is { } problem)
            throw new ArgumentException(problem, nameof(names));
        return splits;
    }

    /// <summary>
    /// The pairs to train on and to hold out: train/ trains and test/ is held out, or val/ when there is no test/. This is
    /// pix2pix's protocol: its code trains on train/ and reports on test/ (val/ for the datasets that ship no test/, such as
    /// edges2shoes), so figures here compare with the paper's; val/ stays out of training even then, as it did there.
    /// </summary>
    /// <returns>Null when there are no stored splits, or no train/ or nothing to hold out: the run then splits by its seed.</returns>
    public static (long[] Train, long[] HeldOut)? TrainAndHeldOut(IReadOnlyList<PairSplit>? splits)
    {
        var train = splits?.FirstOrDefault(split => split.Name == Train);
        var heldOut = splits?.FirstOrDefault(split => split.Name == Test) ?? splits?.FirstOrDefault(split => split.Name == Validation);
        return train is null || heldOut is null ? null : (train.Items(), heldOut.Items());
    }

    /// <summary>Why <paramref name="splits"/> do not describe <paramref name="count"/> pairs, or null when they do.</summary>
    public static string? Problem(IReadOnlyList<PairSplit> splits, long count)
    {
        ArgumentNullException.ThrowIfNull(splits);
        var next = 0L;
        foreach (var split in splits)
        {
            if (!Names.Contains(split.Name))
                return $"'{split.Name}' is not a split; splits are {string.Join(", ", Names)}.";
            if (split.Start != next || split.Count < 1)
                return $"Split '{split.Name}' holds pairs {split.Start} to {split.Start + split.Count - 1}, but the splits must follow one another from pair 0.";
            next += split.Count;
        }
        if (splits.Select(split => split.Name).Distinct().Count() != splits.Count)
            return "A split's pairs must be together.";
        return next == count ? null : $"The splits hold {next} pairs, not {count}.";
    }

    private long[] Items()
    {
        var items = new long[Count];
        for (var i = 0; i < Count; i++)
            items[i] = Start + i;
        return items;
    }
}
