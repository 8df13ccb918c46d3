using System.Text.Json.Serialization;

namespace GenService.Api.Models;

/// <summary>The people of one scene and what to forecast for them (Social GAN models).</summary>
/// <param name="People">Everyone in the scene, 1 to 64, each with their observed positions; each is forecast with the others in view.</param>
/// <param name="Samples">Futures per person, 1 to 100 (default 20, as the paper evaluates); sample s of every person comes from one z.</param>
/// <param name="Seed">Draws the futures' z; the same people, samples and seed always give the same numbers. Default 0.</param>
/// <param name="Format">json (default): the futures as numbers; png: a plot of the scene, each person's observed track thick,
/// their futures thin in the same colour, and the given future in black.</param>
/// <param name="Checkpoint">Weights to use: "final" (default, Ready models only), "latest" or a checkpoint's step such as "400".</param>
public sealed record TrajectoryForecastRequest(
    IReadOnlyList<ObservedPerson>? People,
    int Samples = TrajectoryService.DefaultSamples,
    long Seed = 0,
    TrajectoryOutput Format = TrajectoryOutput.Json,
    string? Checkpoint = null);

/// <summary>One person of a scene.</summary>
/// <param name="Observed">Positions [x, y] in metres, oldest first, 0.4 s apart: at least as many as the model observes (its obs_len,
/// 8 by default); it reads the last of them.</param>
/// <param name="Future">Optional: what happened next, [x, y] positions, at most 100; drawn in black in the png plot.</param>
public sealed record ObservedPerson(IReadOnlyList<double[]>? Observed, IReadOnlyList<double[]>? Future = null);

/// <summary>What a forecast comes back as.</summary>
public enum TrajectoryOutput
{
    [JsonStringEnumMemberName("json")] Json,
    [JsonStringEnumMemberName("png")] Png,
}

/// <summary>Each person's forecasts.</summary>
/// <param name="PredictedSteps">Positions in each future, <see cref="FrameSeconds"/> apart, the first one step after the last observed.</param>
/// <param name="People">In the order of the request.</param>
public sealed record TrajectoryForecastResponse(int Samples, long Seed, int PredictedSteps, double FrameSeconds, IReadOnlyList<PersonForecast> People);

/// <param name="Futures">Futures[s][t] is [x, y] in metres: sample s at step t.</param>
public sealed record PersonForecast(IReadOnlyList<IReadOnlyList<double[]>> Futures);

/// <summary>A forecast as the route answers it: the numbers, or the plot's PNG bytes.</summary>
public sealed record TrajectoryForecast(TrajectoryForecastResponse? Numbers, byte[]? Png);
