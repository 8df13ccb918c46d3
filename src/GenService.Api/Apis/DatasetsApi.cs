using System.ComponentModel;
using GenService.Api.Datasets;
using GenService.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace GenService.Api.Apis;

public static class DatasetsApi
{
    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/datasets").WithTags("Datasets");
        api.MapPost("/", UploadDataset)
            .WithName("UploadDataset")
            .WithSummary("Create a dataset from a zip of PNG, JPEG or WebP images: images of one square size (flat, or one folder per class for labels), photos at their own size, or A→B pairs.")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .DisableAntiforgery()
            // The size limit is Storage:MaxUploadBytes, enforced by the server on the whole body and
            // here on the file with a 413; the form reader's own limit would answer a vague 400.
            .WithFormOptions(multipartBodyLengthLimit: long.MaxValue);
        api.MapPost("/fashion-mnist", ImportFashionMnist)
            .WithName("ImportFashionMnist")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Create a dataset from Fashion-MNIST (28×28 gray, ten labelled clothing classes), installed on the server by the Debian package dataset-fashion-mnist.");
        api.MapPost("/photos", ImportDebianPhotos)
            .WithName("ImportDebianPhotos")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Create a photos dataset from the real photographs the Debian packages python3-skimage and plasma-workspace-wallpapers install on the server, each at its own size, with a fixed held-out split by file.");
        api.MapGet("/", ListDatasets)
            .WithName("ListDatasets")
            .WithSummary("Datasets, newest first.");
        api.MapGet("/{id:guid}", GetDataset)
            .WithName("GetDataset")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A dataset's image shape, size, classes and checksum.");
        api.MapDelete("/{id:guid}", DeleteDataset)
            .WithName("DeleteDataset")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Delete a dataset and its files; refused while a queued or running training run uses it. Models trained on it keep working.");
        api.MapGet("/{id:guid}/preview", PreviewDataset)
            .WithName("PreviewDataset")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A grid of images drawn at random from the dataset (pairs as A|B side by side, photos as thumbnails in square cells); the same seed always gives the same picture.")
            .Produces(StatusCodes.Status200OK, contentType: "image/png", additionalContentTypes: ["image/jpeg", "image/webp"]);
        return app;
    }

    public static async Task<Results<Created<DatasetResponse>, ValidationProblem, ProblemHttpResult>> UploadDataset(
        [Description("A zip of PNG, JPEG or WebP images: flat, or one folder per class. A single folder wrapping everything is ignored, as are __MACOSX/, hidden files and non-image files.")] IFormFile? file,
        [FromForm, Description("Dataset name. Default: the file name without .zip.")] string? name,
        [FromForm, Description("Side of the stored square images, 8 to 256 (default 64). Images are centre-cropped to a square, then resized. Photos ignore it.")] int? imageSize,
        [FromForm, Description("1 (gray) or 3 (RGB). Default: 1 when every image is gray, else 3 (for pairs, decided per side).")] int? channels,
        [FromForm, Description("images (default): one square size. photos: each kept at its own size up to Datasets:MaxPhotoPixels (larger ones are scaled down), flat or in train/ and held-out/ folders. pairs: A/ and B/ folders of same-named images, or side-by-side AB images (A the left half), as pix2pix's datasets ship.")] string? kind,
        [FromForm, Description("Pairs only: AtoB (default) stores A as the input side, BtoA swaps the sides.")] string? direction,
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
        var result = await datasets.CreateFromArchiveAsync(upload, cancellationToken);
        return result.Error is null
            ? TypedResults.Created($"/v1/datasets/{result.Value!.Id}", result.Value)
            : ProblemResults.Invalid(result.Error);
    }

    public static async Task<Results<Created<DatasetResponse>, ValidationProblem, ProblemHttpResult>> ImportFashionMnist(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ImportFashionMnistRequest? request,
        DatasetService datasets,
        CancellationToken cancellationToken)
    {
        var result = await datasets.ImportFashionMnistAsync(request ?? new ImportFashionMnistRequest(), cancellationToken);
        return result.Error switch
        {
            null => TypedResults.Created($"/v1/datasets/{result.Value!.Id}", result.Value),
            { Kind: ServiceErrorKind.NotFound } error => ProblemResults.NotFound(error),
            var error => ProblemResults.Invalid(error),
        };
    }

    public static async Task<Results<Created<DatasetResponse>, ValidationProblem, ProblemHttpResult>> ImportDebianPhotos(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ImportDebianPhotosRequest? request,
        DatasetService datasets,
        CancellationToken cancellationToken)
    {
        var result = await datasets.ImportDebianPhotosAsync(request ?? new ImportDebianPhotosRequest(), cancellationToken);
        return result.Error switch
        {
            null => TypedResults.Created($"/v1/datasets/{result.Value!.Id}", result.Value),
            { Kind: ServiceErrorKind.NotFound } error => ProblemResults.NotFound(error),
            var error => ProblemResults.Invalid(error),
        };
    }

    public static async Task<Ok<IReadOnlyList<DatasetResponse>>> ListDatasets(DatasetService datasets, CancellationToken cancellationToken) =>
        TypedResults.Ok(await datasets.ListAsync(cancellationToken));

    public static async Task<Results<Ok<DatasetResponse>, ProblemHttpResult>> GetDataset(Guid id, DatasetService datasets, CancellationToken cancellationToken) =>
        await datasets.GetAsync(id, cancellationToken) is { } dataset
            ? TypedResults.Ok(dataset)
            : ProblemResults.NotFound(ServiceError.NotFound($"Dataset {id} does not exist."));

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteDataset(Guid id, DatasetService datasets, CancellationToken cancellationToken) =>
        await datasets.DeleteAsync(id, cancellationToken) switch
        {
            null => TypedResults.NoContent(),
            { Kind: ServiceErrorKind.NotFound } error => ProblemResults.NotFound(error),
            var error => ProblemResults.Conflict(error),
        };

    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> PreviewDataset(
        Guid id,
        DatasetService datasets,
        [Description("Images to show, 1 to 256 (default 64); fewer when the dataset is smaller.")] int? count,
        [Description("Grid columns, default the square root of count.")] int? columns,
        [Description("Chooses which images are drawn (default 0).")] long? seed,
        [Description("png (default), jpeg or webp.")] string? format,
        CancellationToken cancellationToken)
    {
        var result = await datasets.PreviewAsync(id, count ?? DatasetService.DefaultPreviewCount, columns, seed ?? 0, format ?? "png", cancellationToken);
        return result.Error switch
        {
            null => TypedResults.File(result.Value!.Bytes, result.Value.ContentType),
            { Kind: ServiceErrorKind.NotFound } error => ProblemResults.NotFound(error),
            var error => ProblemResults.Invalid(error),
        };
    }
}
