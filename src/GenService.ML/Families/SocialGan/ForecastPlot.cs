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
        var past = Points(observed.cpu());
        var futures = Enumerable.Range(0, (int)samples.shape[0]).Select(k => Points(samples[k].cpu())).ToList();
        var tracks = new List<PlottedTrack>();
        for (var person = 0; person < past.Count; person++)
        {
            var colour = TrajectoryPlot.Palette[person % TrajectoryPlot.Palette.Count];
            var start = past[person][^1];
            tracks.AddRange(futures.Select(future => new PlottedTrack([start, .. future[person]], colour, Width: 1)));
            if (truth is not null)
                tracks.Add(new PlottedTrack([start, .. Points(truth.cpu())[person]], TruthColour, Width: 2));
            tracks.Add(new PlottedTrack(past[person], colour, Width: 3, MarkEnd: true));
        }
        return TrajectoryPlot.Draw(tracks, size);
    }

    /// <param name="positions">[T, N, 2].</param>
    /// <returns>Each person's positions in time order.</returns>
    private static List<List<(double X, double Y)>> Points(Tensor positions)
    {
        var (steps, people) = ((int)positions.shape[0], (int)positions.shape[1]);
        var values = positions.to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        return [.. Enumerable.Range(0, people).Select(person => Enumerable.Range(0, steps)
            .Select(step => ((double)values[((step * people) + person) * 2], (double)values[(((step * people) + person) * 2) + 1])).ToList())];
    }
}
