using System.ComponentModel;
using System.Text.Json;

namespace GenService.Api.Models;

public sealed record ModelResponse(
    Guid Id,
    string Name,
    int Version,
    string Architecture,
    [property: Description("Training, Ready, Failed or Canceled. Only Ready models generate images.")] string Status,
    Guid? DatasetId,
    int Channels,
    int ImageHeight,
    int ImageWidth,
    [property: Description("Numbers, and named options (e.g. a GAN objective) as their names.")] IReadOnlyDictionary<string, JsonElement> Hyperparameters,
    [property: Description("Held-out metrics of the final checkpoint.")] IReadOnlyDictionary<string, double> Metrics,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <param name="Count">Images to draw, 1 to 256. Image i uses seed + i, so it is the same image a request for seed + i alone returns.</param>
/// <param name="Seed">Seed of the first image; the same seed always gives the same bytes. Default 0.</param>
/// <param name="Format">png (default), jpeg or webp.</param>
/// <param name="Layout">grid (default): all images tiled into one; single: one image, needs count 1.</param>
/// <param name="Columns">Grid columns; default the square root of count.</param>
/// <param name="Checkpoint">Weights to use: "final" (default, Ready models only), "latest" (the newest checkpoint, also while the model trains) or a checkpoint's step such as "400".</param>
public sealed record SampleRequest(int Count = 16, long Seed = 0, string Format = "png", string Layout = "grid", int? Columns = null, string? Checkpoint = null);

/// <param name="FromSeed">Seed whose latent the walk starts at.</param>
/// <param name="ToSeed">Seed whose latent the walk ends at.</param>
/// <param name="Steps">Frames including both ends, 2 to 64.</param>
/// <param name="Format">png (default), jpeg or webp.</param>
/// <param name="Columns">Grid columns; default all frames in one row.</param>
/// <param name="Path">slerp (default): along a great circle, right for Gaussian latents; lerp: a straight line.</param>
/// <param name="Checkpoint">Weights to use: "final" (default), "latest" or a checkpoint's step such as "400".</param>
public sealed record InterpolateRequest(long FromSeed = 0, long ToSeed = 1, int Steps = 8, string Format = "png", int? Columns = null, string Path = "slerp", string? Checkpoint = null);

/// <summary>A checkpoint a generation can name to use the model as it was at that step.</summary>
/// <param name="Step">Training step; send it as "checkpoint": "STEP".</param>
/// <param name="SavedAt">When the checkpoint was written.</param>
/// <param name="SizeBytes">Size of its exported weights.</param>
public sealed record ModelCheckpointResponse(long Step, DateTime SavedAt, long SizeBytes);

/// <summary>An encoded image to return as the response body.</summary>
public sealed record GeneratedImage(byte[] Bytes, string ContentType);
