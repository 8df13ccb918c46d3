using System.ComponentModel;
using System.Text.Json;
using GenService.Api.Plots;

namespace GenService.Api.Training;

/// <summary>Starts training a model of one architecture on one dataset.</summary>
/// <param name="Architecture">Model family, e.g. "vae" (see GET /v1/architectures).</param>
/// <param name="DatasetId">Dataset to train on.</param>
/// <param name="ModelName">Name of the model to create; a new version when the name exists. Default: architecture and dataset name.</param>
/// <param name="Hyperparameters">Family settings by name; unset ones take the documented defaults.</param>
/// <param name="Seed">Seeds initialisation, data split and minibatch order. Default: random.</param>
public sealed record StartTrainingRunRequest(
    string? Architecture,
    Guid? DatasetId,
    string? ModelName = null,
    Dictionary<string, JsonElement>? Hyperparameters = null,
    long? Seed = null);

public sealed record TrainingRunResponse(
    Guid Id,
    Guid ModelId,
    Guid? DatasetId,
    string Architecture,
    [property: Description("Queued, Running, Succeeded, Failed or Canceled.")] string Status,
    long Step,
    long TotalSteps,
    [property: Description("Step / TotalSteps, from 0 to 1.")] double Progress,
    long Seed,
    [property: Description("Numbers, and named options (e.g. a GAN objective) as their names.")] IReadOnlyDictionary<string, JsonElement> Hyperparameters,
    [property: Description("Training losses averaged over the latest report interval.")] IReadOnlyDictionary<string, double>? LatestLosses,
    [property: Description("Latest metrics on the held-out split.")] IReadOnlyDictionary<string, double>? LatestValidation,
    bool CancelRequested,
    int Attempts,
    long? ResumedFromStep,
    long? LastCheckpointStep,
    string? Error,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    string MetricsUrl,
    [property: Description("Sample grids of fixed seeds saved as the run trains.")] string SnapshotsUrl,
    string ModelUrl);

public sealed record TrainingRunMetricResponse(
    long Step,
    [property: Description("\"train\" (averaged step losses) or \"validation\" (held-out metrics).")] string Split,
    IReadOnlyDictionary<string, double> Values,
    DateTime RecordedAt);

/// <param name="Step">Training steps done when the grid was drawn (0: the untrained model).</param>
/// <param name="ImageUrl">The grid as a PNG.</param>
public sealed record TrainingSnapshotResponse(long Step, string ImageUrl);

/// <summary>Which of a run's metrics: the averaged step losses, or the held-out evaluations.</summary>
public enum MetricSplit
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName(LossPlot.TrainSplit)] Train,
    [System.Text.Json.Serialization.JsonStringEnumMemberName(LossPlot.ValidationSplit)] Validation,
}
