using System.ComponentModel;
using GenService.ML.Datasets;

namespace GenService.Api.Models;

/// <summary>What a client needs to paint a label map for a model: its classes, and where to fetch a map to start from.</summary>
/// <param name="Classes">The classes of the model's training dataset: each index of a map, its name, and its display colour.</param>
/// <param name="DontCareIndex">The index whose pixels ask for no class in particular (ADE20K's 0), or null.</param>
/// <param name="MapSize">Side in pixels of the maps the model renders; others are centre-cropped and resized to it.</param>
/// <param name="SampleCount">How many maps the model's dataset holds: indices 0 to SampleCount − 1 of <paramref name="SampleLabelMapUrl"/>.</param>
/// <param name="SampleLabelMapUrl">Where to fetch the dataset's map {index}, as a palette PNG that POST label-map-to-image reads back.</param>
public sealed record ModelClassesResponse(
    IReadOnlyList<LabelClass> Classes,
    int? DontCareIndex,
    int MapSize,
    long SampleCount,
    [property: Description("A route template, e.g. /v1/models/{id}/label-maps/{index}.")] string SampleLabelMapUrl);

/// <summary>A label-map-to-image request, as the route read it.</summary>
/// <param name="LabelMap">The encoded PNG map.</param>
/// <param name="Style">The encoded style image, or null for random styles.</param>
/// <param name="Seed">The first image's seed; image i has seed + i.</param>
public sealed record LabelMapRequest(byte[] LabelMap, byte[]? Style, long Seed, int Count, ImageFormatName Format, string? Checkpoint);

/// <summary>Rendered images, and how the map and the style image were made from what the client sent.</summary>
public sealed record RenderedLabelMap(GeneratedImage Image, string InputConversion);
