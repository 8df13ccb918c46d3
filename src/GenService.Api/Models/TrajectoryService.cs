using GenService.Api.Inference;
using GenService.Api.Infrastructure;
using GenService.ML.Datasets.Trajectories;
using GenService.ML.Families.SocialGan;
using GenService.ML.Imaging;

namespace GenService.Api.Models;

/// <summary>Forecasts the people of a scene with a trajectory model through the <see cref="InferenceEngine"/>, answering numbers or a plot.</summary>
public sealed class TrajectoryService(InferenceEngine engine, ServableModels servable)
{
    public const int DefaultSamples = 20;
    public const int MaxSamples = 100;
    public const int MaxPeople = 64;
    public const int MaxPositions = 1000;
    public const int MaxFuturePositions = 100;

    /// <summary>Metres from the origin a position may lie: far beyond any scene, near enough for float32 to keep centimetres.</summary>
    public const double MaxCoordinate = 100_000;

    public const int PlotSize = 512;

    public async Task<ServiceResult<TrajectoryForecast>> ForecastAsync(Guid id, TrajectoryForecastRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        if (request.People is not { Count: >= 1 and <= MaxPeople })
            errors.Add("people", $"Give 1 to {MaxPeople} people, each with their observed positions.");
        for (var person = 0; person < (request.People?.Count ?? 0) && person < MaxPeople; person++)
        {
            var given = request.People![person];
            if (given is null)
            {
                errors.Add($"people[{person}]", "Give the person's observed positions.");
                continue;
            }
            if (given.Observed is not { Count: >= 2 and <= MaxPositions })
                errors.Add($"people[{person}].observed", $"Give 2 to {MaxPositions} positions [x, y], oldest first; the model reads the last of them.");
            else
                CheckPositions(errors, $"people[{person}].observed", given.Observed);
            if (given.Future is { Count: > MaxFuturePositions })
                errors.Add($"people[{person}].future", $"Give at most {MaxFuturePositions} positions.");
            else if (given.Future is not null)
                CheckPositions(errors, $"people[{person}].future", given.Future);
        }
        if (request.Samples is < 1 or > MaxSamples)
            errors.Add("samples", $"Must be between 1 and {MaxSamples}.");
        if (!Enum.IsDefined(request.Format))
            errors.Add("format", "Must be json or png.");
        errors.Add(ModelService.CheckCheckpoint(request.Checkpoint));
        if (errors.ToError() is { } invalid)
            return invalid;

        var model = await servable.FindAsync(id, request.Checkpoint, cancellationToken);
        if (model.Error is not null)
            return model.Error;
        var people = request.People!;
        var observed = people.Select(p => p.Observed!.SelectMany(xy => new[] { (float)xy[0], (float)xy[1] }).ToArray()).ToList();
        var generated = await engine.RunAsync(model.Value!, new TrajectoryForecastWork(observed, request.Samples, request.Seed), cancellationToken);
        if (generated.Error is not null)
            return generated.Error;

        var (values, predicted) = (generated.Value!.Values!, generated.Value.Shape.Channels);
        double[] At(int sample, int step, int person)
        {
            var offset = ((((sample * predicted) + step) * people.Count) + person) * 2;
            return [values[offset], values[offset + 1]];
        }
        var futures = Enumerable.Range(0, people.Count).Select(person => (IReadOnlyList<IReadOnlyList<double[]>>)Enumerable.Range(0, request.Samples)
            .Select(sample => (IReadOnlyList<double[]>)Enumerable.Range(0, predicted).Select(step => At(sample, step, person)).ToList()).ToList()).ToList();
        if (request.Format == TrajectoryOutput.Json)
            return new TrajectoryForecast(new TrajectoryForecastResponse(request.Samples, request.Seed, predicted, EthUcyFormat.FrameSeconds, [.. futures.Select(f => new PersonForecast(f))]), null);

        static IReadOnlyList<(double X, double Y)> Points(IEnumerable<double[]> positions) => [.. positions.Select(xy => (xy[0], xy[1]))];
        using var plot = ForecastPlot.Draw(
            [.. people.Select(p => Points(p.Observed!))],
            [.. futures.Select(person => (IReadOnlyList<IReadOnlyList<(double X, double Y)>>)[.. person.Select(Points)])],
            [.. people.Select(p => p.Future is { Count: > 0 } future ? Points(future) : null)],
            PlotSize);
        return new TrajectoryForecast(null, ImageCodec.Encode(plot, ImageFormat.Png));
    }

    private static void CheckPositions(FieldErrors errors, string field, IReadOnlyList<double[]> positions)
    {
        for (var i = 0; i < positions.Count; i++)
        {
            if (positions[i] is not { Length: 2 } xy || !xy.All(v => double.IsFinite(v) && Math.Abs(v) <= MaxCoordinate))
            {
                errors.Add($"{field}[{i}]", $"Each position is [x, y]: two finite numbers of metres, within ±{MaxCoordinate}.");
                return;
            }
        }
    }
}
