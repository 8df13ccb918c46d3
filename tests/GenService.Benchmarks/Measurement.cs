using System.Diagnostics;

namespace GenService.Benchmarks;

/// <summary>One line of the results table.</summary>
public sealed record Measurement(string Name, double ImagesPerSecond, string Detail)
{
    /// <summary>Times <paramref name="rounds"/> calls after <paramref name="warmup"/> untimed ones.</summary>
    public static Measurement Time(string name, int warmup, int rounds, int imagesPerRound, Action round, string detail = "")
    {
        for (var i = 0; i < warmup; i++)
            round();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++)
            round();
        return new Measurement(name, rounds * imagesPerRound / watch.Elapsed.TotalSeconds, detail);
    }

    /// <summary>Named figures (losses, held-out metrics) as "name value" pairs in name order, for a row's detail.</summary>
    public static string Format(IReadOnlyDictionary<string, double> values) =>
        string.Join(", ", values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{v.Key} {v.Value:G4}")));
}
