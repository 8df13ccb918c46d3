using System.ComponentModel;
using GenService.Api.Auth;
using GenService.Api.Datasets;
using GenService.Api.Infrastructure;
using GenService.Api.Models;
using GenService.Api.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace GenService.Api.Apis;

public static class DatasetsApi
{
    private const int MaxListLimit = 500;

    private const string StoredBytesRefusal = " A 413 naming the quota storedBytes (with its limit and what the account uses) says the dataset does not fit in "
        + "the account's quota; nothing is kept then.";

    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/datasets").WithTags("Datasets").RequireNodeRole(NodeRole.Api)
            .RequireScopes(reads: ApiScope.Read, changes: ApiScope.Train);
        api.MapPost("/", UploadDataset)
            .WithName("UploadDataset")
            .WithSummary("Create a dataset from a zip of PNG, JPEG or WebP images: images of one square size (flat, or one folder per class for labels), photos at their own size, A→B pairs, images with label maps, or images with captions; or from a zip of pedestrian trajectories in the ETH/UCY text format.")
            .WithDescription("Send multipart/form-data with the zip in the field file, and optionally name, kind (images, photos, pairs, labelmaps, captions or trajectories), "
                + "imageSize, channels and, for pairs, direction (AtoB or BtoA). "
                + "Answers 201 with the dataset and its Location. A 400 names each bad field, or what is wrong with the archive (naming the file); "
                + "a 413 says the zip is over Storage:MaxUploadBytes." + StoredBytesRefusal)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .DisableAntiforgery()
            // The size limit is Storage:MaxUploadBytes, enforced by the server on the whole body and
            // here on the file with a 413; the form reader's own limit would answer a vague 400.
            .WithFormOptions(multipartBodyLengthLimit: long.MaxValue);
        api.MapPost("/fashion-mnist", ImportFashionMnist)
            .WithName("ImportFashionMnist")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Create a dataset from Fashion-MNIST (28×28 gray, ten labelled clothing classes), installed on the server by the Debian package dataset-fashion-mnist.")
            .WithDescription("The body is optional: without one, the whole training split (60,000 images) is imported. "
                + "Answers 201 with the dataset and its Location; 404 when the Debian package is not installed on the server." + StoredBytesRefusal);
        api.MapPost("/fashion-mnist-captions", ImportFashionMnistCaptions)
            .WithName("ImportFashionMnistCaptions")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Create a captions dataset from Fashion-MNIST: each image captioned from its class and from attributes measured in its pixels (light or dark, plain or patterned, wide or narrow), in several phrasings; the test split's images are held out.")
            .WithDescription("The body is optional: without one, all 60,000 training images get five captions each and the 10,000 test images are held out. "
                + "An attribute is named when the image lies in the lower or upper third of its class's training images for it (mean grey level of the garment, "
                + "edge density inside it, mean width of its rows). Every image also gets a caption in one of four phrasings no training caption uses "
                + "(GET captions, unseenPhrasings). The same seed and limits always give the same dataset. "
                + "Answers 201 with the dataset and its Location; a 400 names each bad field; 404 when the Debian package is not installed on the server." + StoredBytesRefusal);
        api.MapPost("/photos", ImportDebianPhotos)
            .WithName("ImportDebianPhotos")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Create a photos dataset from the real photographs the Debian packages python3-skimage and plasma-workspace-wallpapers install on the server, each at its own size, with a fixed held-out split by file.")
            .WithDescription("The body is optional. Answers 201 with the dataset and its Location; 404 naming the packages to install when neither is on the server." + StoredBytesRefusal);
        api.MapPost("/landscapes", ImportLandscapes)
            .WithName("ImportLandscapes")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Create a labelmaps dataset of generated landscapes: images with their label maps (sky, cloud, mountain, sea, grass, tree, rock), each in a style (day, sunset, night, winter) kept as its label.")
            .WithDescription("The body is optional (count 1000, size 128, seed 0). The same seed, count and size always give the same dataset, byte for byte. "
                + "Answers 201 with the dataset and its Location; a 400 names each bad field." + StoredBytesRefusal);
        api.MapPost("/landscape-captions", ImportLandscapeCaptions)
            .WithName("ImportLandscapeCaptions")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Create a captions dataset of the generated landscapes, each captioned from what its label map holds and its style (\"mountains by the sea with trees at sunset under clouds\"), the style kept as its label.")
            .WithDescription("The body is optional (count 1000, size 128, seed 0, three captions an image). The images are those POST landscapes draws for the same seed, count and size. "
                + "A caption names the sea when it covers over 2 % of the image (else a meadow), trees over 0.5 %, rocks over 0.3 %, clouds over a fifth of the sky and a clear sky under a fiftieth. "
                + "Every image also gets a caption in one of two phrasings no training caption uses (GET captions, unseenPhrasings). "
                + "Answers 201 with the dataset and its Location; a 400 names each bad field." + StoredBytesRefusal);
        api.MapPost("/crowds", ImportCrowds)
            .WithName("ImportCrowds")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Create a trajectories dataset of simulated crowds: people crossing a 12 m plaza from its four entrances, straight across or turning, alone or in pairs, avoiding each other (a social force model), in the ETH/UCY format at 0.4 s a frame.")
            .WithDescription("The body is optional (16 training, 4 validation and 4 test scenes of 150 frames, seed 0). The same seed and frames always give the same scenes, byte for byte. "
                + "Answers 201 with the dataset and its Location; a 400 names each bad field." + StoredBytesRefusal);
        api.MapGet("/", ListDatasets)
            .WithName("ListDatasets")
            .WithSummary("Datasets, newest first.")
            .WithDescription("Each dataset with its image shape, size, classes and a link to its preview; set how many in the query (limit).");
        api.MapGet("/{id:guid}", GetDataset)
            .WithName("GetDataset")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A dataset's image shape, size, classes and checksum.")
            .WithDescription("Answers 404 when there is no dataset with this id.");
        api.MapGet("/{id:guid}/label-classes", GetLabelClasses)
            .WithName("GetLabelClasses")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A labelmaps dataset's classes: each index of its maps with its name and display colour, and the \"don't care\" index if it has one.")
            .WithDescription("Answers 404 when there is no dataset with this id, or it holds no label maps.");
        api.MapGet("/{id:guid}/captions", GetCaptions)
            .WithName("GetCaptions")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A captions dataset's captions, image by image in dataset order, a page at a time.")
            .WithDescription("Choose the first image (offset, default 0) and how many (limit, 1 to 500, default 50) in the query. "
                + "Answers 404 when there is no dataset with this id, or it holds no captions; a 400 names each bad field.");
        api.MapDelete("/{id:guid}", DeleteDataset)
            .WithName("DeleteDataset")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Delete a dataset and its files; refused while a queued or running training run uses it. Models trained on it keep working.")
            .WithDescription("Answers 204 once deleted, 409 while a queued or running training run uses the dataset.");
        api.MapGet("/{id:guid}/preview", PreviewDataset)
            .WithName("PreviewDataset")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A grid of images drawn at random from the dataset (pairs as A|B side by side, label maps as the image beside its map painted in its classes' colours, photos as thumbnails in square cells, captioned images enlarged over their first caption, trajectory scenes as plots of their first 50 frames' tracks, a dot where each ends); the same seed always gives the same picture.")
            .WithDescription("Choose the number of images, the grid's columns, the seed that draws them and the image format in the query. "
                + "The answer is the image itself, in the chosen format.")
            .ProducesImage("image/png", "image/jpeg", "image/webp");
        return app;
    }

    public static async Task<Results<Created<DatasetResponse>, ValidationProblem, ProblemHttpResult>> UploadDataset(
        [Description("A zip of PNG, JPEG or WebP images: flat, or one folder per class, or the CycleGAN layout (trainA/, trainB/, testA/, testB/, as horse2zebra ships), "
            + "which becomes classes A = 0 and B = 1 with the test folders' images held out of training for every run. A single folder wrapping everything is ignored, as are __MACOSX/, hidden files and non-image files.")] IFormFile? file,
        [FromForm, Description("Dataset name. Default: the file name without .zip.")] string? name,
        [FromForm, Description("Side of the stored square images, 8 to 256 (default 64). Images are centre-cropped to a square, then resized. Photos ignore it.")] int? imageSize,
        [FromForm, Description("1 (gray) or 3 (RGB). Default: 1 when every image is gray, else 3 (for pairs, decided per side).")] int? channels,
        [FromForm, Description("images (default): one square size. photos: each kept at its own size up to Datasets:MaxPhotoPixels (larger ones are scaled down), flat or in train/ and held-out/ folders. pairs: A/ and B/ folders of same-named images, or side-by-side AB images (A the left half), as pix2pix's datasets ship, whose train/, val/ and test/ folders are kept as the split runs use; pix2pix trains on them. labelmaps: images/ and labels/ folders pairing by name without extension (x.jpg with x.png), each label a grayscale or palette PNG of class indices of its image's size, and a classes.json beside them: {\"classes\": [{\"index\": 0, \"name\": \"sky\", \"colour\": \"#78c8ff\"}], \"dontCare\": 255}, dontCare optional. "
            + "captions: images of one square size, flat or in train/ and held-out/ folders, with a metadata.jsonl whose lines are {\"file_name\": \"a.png\", \"text\": \"a caption\"} (text may be a list; several lines may name one image; file_name is the path from the folder of metadata.jsonl), "
            + "or, without it, a .txt beside each image (a.png with a.txt) holding one caption a line. Every image needs a caption; each caption at most 77 tokens. "
            + "trajectories: the ETH/UCY scenes as Social GAN's release ships them, each scene a .txt file in a train/, val/ or test/ folder (train/ and val/ needed), each line \"frame pedestrian x y\", tab or space separated, positions in metres, frames 0.4 s apart; "
            + "a pedestrian may be missing from at most 2 frames between two sightings, and a scene needs at least 16 frames. A bad line is named with its file and line number.")] DatasetKindName? kind,
        [FromForm, Description("Pairs only: AtoB (default) stores A as the input side, BtoA swaps the sides.")] PairDirection? direction,
        DatasetService datasets,
        CancellationToken cancellationToken)
    {
        if (file is null)
            return ProblemResults.Invalid(ServiceError.Invalid("file", "Attach the zip archive in the multipart form field \"file\"."));
        if (file.Length > datasets.MaxUploadBytes)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "The upload is too large.",
                detail: $"The archive is {file.Length} bytes; uploads are limited to {datasets.MaxUploadBytes} bytes (Storage:MaxUploadBytes).");
        }

        await using var archive = file.OpenReadStream();
        var upload = new DatasetUpload(archive, file.FileName, name, imageSize ?? DatasetService.DefaultImageSize, channels, kind, direction);
        return CreatedOrProblem(await datasets.CreateFromArchiveAsync(upload, cancellationToken));
    }

    public static async Task<Results<Created<DatasetResponse>, ValidationProblem, ProblemHttpResult>> ImportFashionMnist(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ImportFashionMnistRequest? request,
        DatasetService datasets,
        CancellationToken cancellationToken) =>
        CreatedOrProblem(await datasets.ImportFashionMnistAsync(request ?? new ImportFashionMnistRequest(), cancellationToken));

    public static async Task<Results<Created<DatasetResponse>, ValidationProblem, ProblemHttpResult>> ImportLandscapes(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ImportLandscapesRequest? request,
        DatasetService datasets,
        CancellationToken cancellationToken) =>
        CreatedOrProblem(await datasets.ImportLandscapesAsync(request ?? new ImportLandscapesRequest(), cancellationToken));

    public static async Task<Results<Created<DatasetResponse>, ValidationProblem, ProblemHttpResult>> ImportCrowds(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ImportCrowdsRequest? request,
        DatasetService datasets,
        CancellationToken cancellationToken) =>
        CreatedOrProblem(await datasets.ImportCrowdsAsync(request ?? new ImportCrowdsRequest(), cancellationToken));

    public static async Task<Results<Created<DatasetResponse>, ValidationProblem, ProblemHttpResult>> ImportFashionMnistCaptions(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ImportFashionMnistCaptionsRequest? request,
        DatasetService datasets,
        CancellationToken cancellationToken) =>
        CreatedOrProblem(await datasets.ImportFashionMnistCaptionsAsync(request ?? new ImportFashionMnistCaptionsRequest(), cancellationToken));

    public static async Task<Results<Created<DatasetResponse>, ValidationProblem, ProblemHttpResult>> ImportLandscapeCaptions(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ImportLandscapeCaptionsRequest? request,
        DatasetService datasets,
        CancellationToken cancellationToken) =>
        CreatedOrProblem(await datasets.ImportLandscapeCaptionsAsync(request ?? new ImportLandscapeCaptionsRequest(), cancellationToken));

    /// <summary>The answer of every route that creates a dataset.</summary>
    private static Results<Created<DatasetResponse>, ValidationProblem, ProblemHttpResult> CreatedOrProblem(ServiceResult<DatasetResponse> result) =>
        result.Error switch
        {
            null => TypedResults.Created($"/v1/datasets/{result.Value!.Id}", result.Value),
            { Kind: ServiceErrorKind.NotFound } error => ProblemResults.NotFound(error),
            { Kind: ServiceErrorKind.TooLarge } error => ProblemResults.TooLarge(error),
            var error => ProblemResults.Invalid(error),
        };

    public static async Task<Results<Ok<CaptionsPage>, ValidationProblem, ProblemHttpResult>> GetCaptions(
        [Description("The dataset's id.")] Guid id,
        DatasetService datasets,
        [Description("The first image's position, 0 or more (default 0).")] long? offset,
        [Description("At most this many images, 1 to 500 (default 50).")] int? limit,
        CancellationToken cancellationToken)
    {
        var result = await datasets.CaptionsAsync(id, offset ?? 0, limit ?? DatasetService.DefaultCaptionsPageLimit, cancellationToken);
        return result.Error switch
        {
            null => TypedResults.Ok(result.Value!),
            { Kind: ServiceErrorKind.NotFound } error => ProblemResults.NotFound(error),
            var error => ProblemResults.Invalid(error),
        };
    }

    public static async Task<Results<Ok<LabelClassesResponse>, ProblemHttpResult>> GetLabelClasses(
        [Description("The dataset's id.")] Guid id,
        DatasetService datasets,
        CancellationToken cancellationToken)
    {
        var result = await datasets.LabelClassesAsync(id, cancellationToken);
        return result.Error is null ? TypedResults.Ok(result.Value!) : ProblemResults.NotFound(result.Error);
    }

    public static async Task<Results<Ok<IReadOnlyList<DatasetResponse>>, ValidationProblem>> ListDatasets(
        DatasetService datasets,
        [Description("At most this many datasets (1 to 500, default 100).")] int? limit,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxListLimit)
            return ProblemResults.Invalid(ServiceError.Invalid("limit", $"Must be between 1 and {MaxListLimit}."));
        return TypedResults.Ok(await datasets.ListAsync(limit ?? 100, cancellationToken));
    }

    public static async Task<Results<Created<DatasetResponse>, ValidationProblem, ProblemHttpResult>> ImportDebianPhotos(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ImportDebianPhotosRequest? request,
        DatasetService datasets,
        CancellationToken cancellationToken) =>
        CreatedOrProblem(await datasets.ImportDebianPhotosAsync(request ?? new ImportDebianPhotosRequest(), cancellationToken));

    public static async Task<Results<Ok<DatasetResponse>, ProblemHttpResult>> GetDataset(
        [Description("The dataset's id.")] Guid id,
        DatasetService datasets,
        CancellationToken cancellationToken) =>
        await datasets.GetAsync(id, cancellationToken) is { } dataset
            ? TypedResults.Ok(dataset)
            : ProblemResults.NotFound(ServiceError.NotFound($"Dataset {id} does not exist."));

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteDataset(
        [Description("The dataset's id.")] Guid id,
        DatasetService datasets,
        CancellationToken cancellationToken) =>
        await datasets.DeleteAsync(id, cancellationToken) switch
        {
            null => TypedResults.NoContent(),
            { Kind: ServiceErrorKind.NotFound } error => ProblemResults.NotFound(error),
            var error => ProblemResults.Conflict(error),
        };

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> PreviewDataset(
        [Description("The dataset's id.")] Guid id,
        DatasetService datasets,
        [Description("Images to show, 1 to 256 (default 64); fewer when the dataset is smaller.")] int? count,
        [Description("Grid columns, default the square root of count.")] int? columns,
        [Description("Chooses which images are drawn (default 0).")] long? seed,
        [Description("png (default), jpeg or webp.")] ImageFormatName? format,
        CancellationToken cancellationToken)
    {
        var result = await datasets.PreviewAsync(id, count ?? DatasetService.DefaultPreviewCount, columns, seed ?? 0, (format ?? ImageFormatName.Png).ToImageFormat(), cancellationToken);
        return result.Error switch
        {
            null => TypedResults.File(result.Value!.Bytes, result.Value.ContentType),
            { Kind: ServiceErrorKind.NotFound } error => ProblemResults.NotFound(error),
            var error => ProblemResults.Invalid(error),
        };
    }
}
