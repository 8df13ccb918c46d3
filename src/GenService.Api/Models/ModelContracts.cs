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
/// <param name="Truncation">StyleGAN models only: the truncation ψ, from -1 to 1. Each w is pulled toward the
/// average w, w' = w̄ + ψ(w − w̄): 1 (or unset) leaves it, lower values give more typical, cleaner and less
/// varied images (0.7 is common), 0 the average image, negative values its opposite.</param>
/// <param name="Checkpoint">Weights to use: "final" (default, Ready models only), "latest" (the newest checkpoint, also while the model trains) or a checkpoint's step such as "400".</param>
public sealed record SampleRequest(
    int Count = 16, long Seed = 0, ImageFormatName Format = ImageFormatName.Png, SampleLayout Layout = SampleLayout.Grid, int? Columns = null, double? Truncation = null, string? Checkpoint = null);

/// <param name="FromSeed">Seed whose latent the walk starts at.</param>
/// <param name="ToSeed">Seed whose latent the walk ends at.</param>
/// <param name="Steps">Frames including both ends, 2 to 64.</param>
/// <param name="Format">png (default), jpeg or webp: the frames as one grid image; gif: an animation that loops.</param>
/// <param name="Columns">Grid columns; default all frames in one row.</param>
/// <param name="Path">slerp (default): along a great circle, right for Gaussian latents; lerp: a straight line,
/// right for W.</param>
/// <param name="Space">z (default): the prior's latent space, for every model that samples; w: StyleGAN's
/// intermediate latent space, whose walks change the image more evenly (Karras et al. 2019, section 4).</param>
/// <param name="Truncation">With space w only: the truncation ψ (-1 to 1, default 1) of both ends.</param>
/// <param name="FrameMilliseconds">With format gif: how long each frame shows, 20 to 10000 ms (default 100).</param>
/// <param name="Checkpoint">Weights to use: "final" (default, Ready models only), "latest" (the newest checkpoint, also while the model trains) or a checkpoint's step such as "400".</param>
public sealed record InterpolateRequest(
    long FromSeed = 0,
    long ToSeed = 1,
    int Steps = 8,
    FramesFormatName Format = FramesFormatName.Png,
    int? Columns = null,
    LatentPath Path = LatentPath.Slerp,
    LatentSpace Space = LatentSpace.Z,
    double? Truncation = null,
    int FrameMilliseconds = 100,
    string? Checkpoint = null);

/// <summary>A checkpoint a generation can name to use the model as it was at that step.</summary>
/// <param name="Step">Training step; send it as "checkpoint": "STEP".</param>
/// <param name="SavedAt">When the checkpoint was written.</param>
/// <param name="SizeBytes">Size of its exported weights.</param>
public sealed record ModelCheckpointResponse(long Step, DateTime SavedAt, long SizeBytes);

/// <summary>A style-mixing grid as in Karras et al. 2019, figure 3: the top row shows the column seeds' images,
/// the left column the row seeds' images, and each other cell the row seed's image with the selected styles
/// taken from the column seed.</summary>
/// <param name="RowSeeds">1 to 8 seeds whose styles each row keeps.</param>
/// <param name="ColumnSeeds">1 to 8 seeds whose selected styles each column brings in.</param>
/// <param name="Styles">Which styles come from the column seeds, by group: coarse (4-8 px layers: pose, shape;
/// the default), middle (16-32 px: features) or fine (64 px and up: colour, texture). Or leave it unset and
/// give firstStyle/lastStyle.</param>
/// <param name="FirstStyle">First style index taken from the column seeds (0 is the coarsest); instead of styles.</param>
/// <param name="LastStyle">Last style index taken from the column seeds, inclusive; instead of styles.</param>
/// <param name="Truncation">Truncation ψ of every w, -1 to 1 (default 1: none).</param>
/// <param name="Format">png (default), jpeg or webp.</param>
/// <param name="Checkpoint">Weights to use: "final" (default, Ready models only), "latest" (the newest checkpoint, also while the model trains) or a checkpoint's step such as "400".</param>
public sealed record StyleMixingRequest(
    IReadOnlyList<long>? RowSeeds = null,
    IReadOnlyList<long>? ColumnSeeds = null,
    StyleGroup? Styles = null,
    int? FirstStyle = null,
    int? LastStyle = null,
    double Truncation = 1,
    ImageFormatName Format = ImageFormatName.Png,
    string? Checkpoint = null);

/// <summary>One image under different per-layer noise: only stochastic detail changes (Karras et al. 2019, figure 4).</summary>
/// <param name="Seed">Seed of the image's latent, and so of its styles.</param>
/// <param name="Count">Noise draws, 2 to 64; draw i uses noise seed noiseSeed + i.</param>
/// <param name="NoiseSeed">Noise seed of the first draw; default the seed itself, so the first image is the
/// seed's ordinary sample.</param>
/// <param name="Deviation">Add a last tile (or frame) with each pixel's standard deviation over the draws,
/// scaled so the largest is white: where the noise acts. Default true.</param>
/// <param name="Truncation">Truncation ψ of the image's w, -1 to 1 (default 1: none).</param>
/// <param name="Format">png (default), jpeg or webp: a grid; gif: an animation that loops.</param>
/// <param name="Columns">Grid columns; default the square root of the tile count.</param>
/// <param name="FrameMilliseconds">With format gif: how long each frame shows, 20 to 10000 ms (default 100).</param>
/// <param name="Checkpoint">Weights to use: "final" (default, Ready models only), "latest" (the newest checkpoint, also while the model trains) or a checkpoint's step such as "400".</param>
public sealed record NoiseVariationRequest(
    long Seed = 0,
    int Count = 8,
    long? NoiseSeed = null,
    bool Deviation = true,
    double Truncation = 1,
    FramesFormatName Format = FramesFormatName.Png,
    int? Columns = null,
    int FrameMilliseconds = 100,
    string? Checkpoint = null);

/// <summary>An encoded image to return as the response body.</summary>
public sealed record GeneratedImage(byte[] Bytes, string ContentType);
