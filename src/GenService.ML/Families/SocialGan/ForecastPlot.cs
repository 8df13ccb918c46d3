using GenService.ML.Datasets.Trajectories;
using static TorchSharp.torch;

namespace GenService.ML.Families.SocialGan;

/// <summary>A scene's forecasts drawn over its past: each person's observed track thick in their colour, each of the k
/// futures thin in the same colour, and what happened, when known, in black; every future starts at the last observed position.</summary>
public static class ForecastPlot
{
    private const uint TruthColour = 0x000000;

    /// <param name="observed">[obs, N, 2] positions.</param>
    /// <param name="samples">[k, pred, N, 2] positions.</param>
    /// <param name="truth">[pred, N, 2] positions, or null.</param>
    /// <returns>uint8 [3, size, size].</returns>
    public static Tensor Draw(Tensor observed, Tensor samples, Tensor? truth, int size)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(samples);
        var futures = Enumerable.Range(0, (int)samples.shape[0]).Select(k => Points(samples[k].cpu())).ToList();
        var perPerson = Enumerable.Range(0, (int)observed.shape[1])
            .Select(person => (IReadOnlyList<IReadOnlyList<(double X, double Y)>>)[.. futures.Select(future => future[person])]).ToList();
        return Draw([.. Points(observed.cpu())], perPerson, truth is null ? null : [.. Points(truth.cpu())], size);
    }

    /// <param name="observed">Each person's observed positions, oldest first.</param>
    /// <param name="futures">Each person's forecasts, each a list of positions.</param>
    /// <param name="truth">Each person's true future, or null where unknown; null when none is.</param>
    /// <returns>uint8 [3, size, size].</returns>
    public static Tensor Draw(
        IReadOnlyList<IReadOnlyList<(double X, double Y)>> observed,
        IReadOnlyList<IReadOnlyList<IReadOnlyList<(double X, double Y)>>> futures,
        IReadOnlyList<IReadOnlyList<(double X, double Y)>?>? truth,
        int size)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(futures);
        var tracks = new List<PlottedTrack>();
        for (var person = 0; person < observed.Count; person++)
        {
            var colour = TrajectoryPlot.Palette[person % TrajectoryPlot.Palette.Count];
            var start = observed[person][^1];
            tracks.AddRange(futures[person].Select(future => new PlottedTrack([start, .. future], colour, Width: 1)));
            if (truth?[person] is { } happened)
                tracks.Add(new PlottedTrack([start, .. happened], TruthColour, Width: 2));
            tracks.Add(new PlottedTrack(observed[person], colour, Width: 3, MarkEnd: true));
        }
        return TrajectoryPlot.Draw(tracks, size);
    }

    /// <param name="positions">[T, N, 2].</param>
    /// <returns>Each person's positions in time order.</returns>
    private static List<IReadOnlyList<(double X, double Y)>> Points(Tensor positions)
    {
        var (steps, people) = ((int)positions.shape[0], (int)positions.shape[1]);
        var values = positions.to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        return [.. Enumerable.Range(0, people).Select(person => Enumerable.Range(0, steps)
            .Select(step => ((double)values[((step * people) + person) * 2], (double)values[(((step * people) + person) * 2) + 1])).ToList<(double X, double Y)>())];
    }
}
