using System.ComponentModel;
using System.Text.Json.Serialization;
using GenService.ML.Datasets;

namespace GenService.Api.Datasets;

public sealed record DatasetResponse(
    Guid Id,
    string Name,
    [property: Description("What it holds: \"images\" (one shape), \"photos\" (each at its own size), \"pairs\" (A→B images of one shape), \"labelmaps\" (images of one shape, each with a map of class indices; GET label-classes names them) or \"captions\" (images of one shape, each with one or more captions; GET captions lists them) or \"trajectories\" (scenes of pedestrian tracks in the ETH/UCY format, in train, val and test scenes).")] string Kind,
    [property: Description("Where it came from: \"upload\", \"fashion-mnist\", \"debian-photos\", \"landscapes\", \"fashion-mnist-captions\", \"landscape-captions\" or \"crowds\".")] string Source,
    [property: Description("1 (gray) or 3 (RGB); for pairs, the A side's; 0 for trajectories.")] int Channels,
    [property: Description("Pairs only: the B side's channels, 1 or 3.")] int? ChannelsB,
    [property: Description("For photos: the smallest height among them; 0 for trajectories.")] int ImageHeight,
    [property: Description("For photos: the smallest width among them; 0 for trajectories.")] int ImageWidth,
    [property: Description("Images, photos, pairs, images with their label maps or captions, or trajectory scenes.")] int ItemCount,
    [property: Description("Class names indexed by label; empty when the images carry no labels. For label maps, the labels of whole images (a landscape's style); the classes of the maps' pixels are at label-classes.")] IReadOnlyList<string> Classes,
    bool HasLabels,
    [property: Description("SHA-256 (hex) of the stored image bytes (for trajectories, of the scene files).")] string Checksum,
    [property: Description("Bytes the dataset occupies on disk.")] long SizeBytes,
    DateTime CreatedAt,
    [property: Description("A grid of the dataset's images, or plots of its scenes' tracks (GET).")] string PreviewUrl);

/// <summary>Imports Zalando's Fashion-MNIST (28×28 gray, ten clothing classes) from the server's Debian package.</summary>
/// <param name="Name">Dataset name. Default: "fashion-mnist-train" or "fashion-mnist-test".</param>
/// <param name="Split">"train" (60,000 images, the default) or "test" (10,000).</param>
/// <param name="Limit">Keep only the first images, 1 to 60000. Default: the whole split.</param>
public sealed record ImportFashionMnistRequest(string? Name = null, FashionMnistSplitName Split = FashionMnistSplitName.Train, int? Limit = null);

/// <summary>The halves Fashion-MNIST comes in.</summary>
public enum FashionMnistSplitName
{
    [JsonStringEnumMemberName("train")] Train,
    [JsonStringEnumMemberName("test")] Test,
}

/// <summary>Imports the real photographs that the Debian packages python3-skimage and plasma-workspace-wallpapers ship.</summary>
/// <param name="Name">Dataset name. Default: "debian-photos".</param>
public sealed record ImportDebianPhotosRequest(string? Name = null);

/// <summary>Generates landscapes with their label maps (sky, cloud, mountain, sea, grass, tree, rock), each in a style (day, sunset, night, winter) kept as its label.</summary>
/// <param name="Name">Dataset name. Default: "landscapes".</param>
/// <param name="Count">How many, 1 to 20000 (default 1000).</param>
/// <param name="Size">Side of the square images, 64 to 256 (default 128).</param>
/// <param name="Seed">The same seed, count and size always give the same dataset, byte for byte (default 0).</param>
public sealed record ImportLandscapesRequest(string? Name = null, int Count = 1000, int Size = 128, long Seed = 0);

/// <summary>
/// Imports Fashion-MNIST with captions written from each image's class and the attributes measured from its pixels
/// (light or dark, plain or patterned, wide or narrow), in several phrasings; the test split's images are held out.
/// </summary>
/// <param name="Name">Dataset name. Default: "fashion-mnist-captions".</param>
/// <param name="Limit">Training images: the first of the train split, 1 to 60000. Default: all of it.</param>
/// <param name="HeldOutLimit">Held-out images: the first of the test split, 1 to 10000. Default: all of it.</param>
/// <param name="CaptionsPerImage">Training captions an image, each in another of the six phrasings, 1 to 6 (default 5).</param>
/// <param name="Seed">Chooses each image's phrasings and word order; the same seed and limits always give the same captions (default 0).</param>
public sealed record ImportFashionMnistCaptionsRequest(string? Name = null, int? Limit = null, int? HeldOutLimit = null, int CaptionsPerImage = 5, long Seed = 0);

/// <summary>
/// Generates the landscapes of <see cref="ImportLandscapesRequest"/> (the same images for the same seed, count and size), captioned
/// from what their label maps hold and their style, each style kept as the image's label.
/// </summary>
/// <param name="Name">Dataset name. Default: "landscape-captions".</param>
/// <param name="Count">How many, 1 to 20000 (default 1000).</param>
/// <param name="Size">Side of the square images, 64 to 256 (default 128).</param>
/// <param name="Seed">The same seed, count and size always give the same dataset (default 0).</param>
/// <param name="CaptionsPerImage">Training captions an image, each in another of the four phrasings, 1 to 4 (default 3).</param>
public sealed record ImportLandscapeCaptionsRequest(string? Name = null, int Count = 1000, int Size = 128, long Seed = 0, int CaptionsPerImage = 3);

/// <summary>
/// Simulates pedestrians crossing a 12 m square plaza with an entrance in the middle of each side (a social force crowd):
/// each arrives alone or in a pair and leaves straight across or by a side to the left or right, so flows cross and meet.
/// Scenes are written in the ETH/UCY format, 0.4 s a frame.
/// </summary>
/// <param name="Name">Dataset name. Default: "crowds".</param>
/// <param name="TrainScenes">Training scenes, 1 to 200 (default 16).</param>
/// <param name="ValidationScenes">Held-out scenes for validation (val/), 1 to 200 (default 4).</param>
/// <param name="TestScenes">Held-out scenes for testing (test/), 0 to 200 (default 4).</param>
/// <param name="Frames">Frames a scene, 16 to 2000 (default 150, a minute).</param>
/// <param name="Seed">The same seed and frames always give the same scenes, byte for byte; more scenes leave the first ones as they were (default 0).</param>
public sealed record ImportCrowdsRequest(string? Name = null, int TrainScenes = 16, int ValidationScenes = 4, int TestScenes = 4, int Frames = 150, long Seed = 0);

/// <summary>A page of a captions dataset's captions, in image order.</summary>
/// <param name="Total">Images in the dataset.</param>
/// <param name="Offset">The index of the first image of this page.</param>
public sealed record CaptionsPage(long Total, long Offset, IReadOnlyList<ImageCaptionsResponse> Items);

/// <summary>The captions of one image.</summary>
/// <param name="Index">The image's position in the dataset (as the preview and training read it).</param>
/// <param name="HeldOut">Kept out of training, for evaluation.</param>
/// <param name="Captions">What training reads.</param>
/// <param name="UnseenPhrasings">Built-in captions only: the image described in a phrasing no training caption uses; empty for uploads.</param>
public sealed record ImageCaptionsResponse(long Index, bool HeldOut, IReadOnlyList<string> Captions, IReadOnlyList<string> UnseenPhrasings);

/// <summary>What a label-map dataset's pixel values mean.</summary>
/// <param name="Classes">Each class: its index in the maps, its name and its display colour ("#rrggbb").</param>
/// <param name="DontCareIndex">The index of pixels that losses and metrics ignore; null when every pixel counts.</param>
public sealed record LabelClassesResponse(IReadOnlyList<LabelClass> Classes, int? DontCareIndex);

/// <summary>An uploaded zip of images and how to store it.</summary>
/// <param name="Archive">The zip, readable and seekable.</param>
/// <param name="FileName">The uploaded file's name; the default dataset name.</param>
/// <param name="Name">Dataset name; default: the file name without ".zip".</param>
/// <param name="ImageSize">Side of the stored square images (and pairs), 8 to 256; photos keep their own size.</param>
/// <param name="Channels">1 or 3; null to choose 1 when every image is gray, else 3 (for pairs, per side).</param>
/// <param name="Kind">Images (the default), photos, pairs, labelmaps, captions or trajectories.</param>
/// <param name="Direction">Pairs only: AtoB (the default) keeps A as the input side, BtoA swaps the sides.</param>
public sealed record DatasetUpload(Stream Archive, string FileName, string? Name, int ImageSize, int? Channels, DatasetKindName? Kind = null, PairDirection? Direction = null);

/// <summary>What an uploaded archive holds, as the upload names it (<see cref="ML.Families.DatasetKind"/>).</summary>
/// <remarks>Members are spelled as clients send them: the form binder matches a value to a member's own name (ignoring
/// case) and fails on every name given by <see cref="JsonStringEnumMemberNameAttribute"/>.</remarks>
#pragma warning disable IDE1006 // lower-case names, see above
public enum DatasetKindName
{
    images,
    photos,
    pairs,
    labelmaps,
    captions,
    trajectories,
}
#pragma warning restore IDE1006

/// <summary>Which side of an uploaded pair is the input, as pix2pix's --direction names it.</summary>
public enum PairDirection
{
    /// <summary>A is the input, B the target.</summary>
    AtoB,

    /// <summary>B is the input, A the target.</summary>
    BtoA,
}

/// <summary>A rendered preview: encoded image bytes and their content type.</summary>
public sealed record DatasetPreview(byte[] Bytes, string ContentType);
