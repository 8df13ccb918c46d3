using GenService.Api.Infrastructure;
using GenService.ML.Datasets;
using GenService.ML.Datasets.Captions;
using GenService.ML.Datasets.Landscapes;
using GenService.ML.Datasets.Trajectories;
using GenService.ML.Families;

namespace GenService.Api.Datasets;

/// <summary>The built-in datasets: Fashion-MNIST and the generated landscapes (each with or without captions), the photos from Debian packages,
/// and simulated crowds.</summary>
public sealed partial class DatasetService
{
    public async Task<ServiceResult<DatasetResponse>> ImportFashionMnistAsync(ImportFashionMnistRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        if (request.Limit is < 1 or > MaxFashionMnistLimit)
            errors.Add("limit", $"Must be between 1 and {MaxFashionMnistLimit}.");
        var split = request.Split == FashionMnistSplitName.Test ? FashionMnistSplit.Test : FashionMnistSplit.Train;
        var name = request.Name?.Trim() ?? $"fashion-mnist-{split.ToString().ToLowerInvariant()}";
        if (name.Length is 0 or > MaxNameLength)
            errors.Add("name", $"Must be 1 to {MaxNameLength} characters.");
        if (errors.ToError() is { } invalid)
            return invalid;

        var directory = options.Value.FashionMnistDirectory;
        if (!FashionMnist.IsInstalled(directory, split))
        {
            return ServiceError.NotFound(
                $"Fashion-MNIST is not installed on this server: {directory} lacks the {split.ToString().ToLowerInvariant()} files. " +
                "Install it with `apt-get install dataset-fashion-mnist` (or point Datasets:FashionMnistDirectory at its files).");
        }
        return await StoreAsync(name, FashionMnistSource, DatasetKind.Images, folder =>
        {
            using var images = FashionMnist.Read(directory, split, request.Limit);
            return StoredDatasetSummary.WriteImages(folder, images);
        }, cancellationToken);
    }

    /// <summary>Fashion-MNIST's train split (the first images) captioned for training, and its test split's held out.</summary>
    public async Task<ServiceResult<DatasetResponse>> ImportFashionMnistCaptionsAsync(ImportFashionMnistCaptionsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        if (request.Limit is < 1 or > MaxFashionMnistLimit)
            errors.Add("limit", $"Must be between 1 and {MaxFashionMnistLimit}.");
        if (request.HeldOutLimit is < 1 or > MaxFashionMnistHeldOut)
            errors.Add("heldOutLimit", $"Must be between 1 and {MaxFashionMnistHeldOut}.");
        if (request.CaptionsPerImage < 1 || request.CaptionsPerImage > FashionMnistCaptionWriter.MaxCaptionsPerImage)
            errors.Add("captionsPerImage", $"Must be between 1 and {FashionMnistCaptionWriter.MaxCaptionsPerImage}, the number of training phrasings.");
        var name = request.Name?.Trim() ?? FashionMnistCaptionsSource;
        if (name.Length is 0 or > MaxNameLength)
            errors.Add("name", $"Must be 1 to {MaxNameLength} characters.");
        if (errors.ToError() is { } invalid)
            return invalid;

        var directory = options.Value.FashionMnistDirectory;
        if (!FashionMnist.IsInstalled(directory, FashionMnistSplit.Train) || !FashionMnist.IsInstalled(directory, FashionMnistSplit.Test))
        {
            return ServiceError.NotFound(
                $"Fashion-MNIST is not installed on this server: {directory} lacks its train or test files. " +
                "Install it with `apt-get install dataset-fashion-mnist` (or point Datasets:FashionMnistDirectory at its files).");
        }
        return await StoreAsync(name, FashionMnistCaptionsSource, DatasetKind.Captions, folder =>
        {
            using var train = FashionMnist.Read(directory, FashionMnistSplit.Train, request.Limit);
            using var heldOut = FashionMnist.Read(directory, FashionMnistSplit.Test, request.HeldOutLimit);
            using var set = FashionMnistCaptionWriter.Write(train, heldOut, request.CaptionsPerImage, unchecked((ulong)request.Seed));
            return StoredDatasetSummary.WriteCaptions(folder, set);
        }, cancellationToken);
    }

    public async Task<ServiceResult<DatasetResponse>> ImportDebianPhotosAsync(ImportDebianPhotosRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.Name?.Trim() ?? DebianPhotosSource;
        if (name.Length is 0 or > MaxNameLength)
            return ServiceError.Invalid("name", $"Must be 1 to {MaxNameLength} characters.");
        var settings = options.Value;
        if (DebianPhotos.Installed(settings.SkimageDataDirectory, settings.WallpapersDirectory).Count == 0)
        {
            return ServiceError.NotFound(
                $"No built-in photo is installed on this server: neither {settings.SkimageDataDirectory} nor {settings.WallpapersDirectory} holds them. " +
                "Install them with `apt-get install python3-skimage plasma-workspace-wallpapers` (either is enough; or point Datasets:SkimageDataDirectory and Datasets:WallpapersDirectory at their files).");
        }
        return await StoreAsync(name, DebianPhotosSource, DatasetKind.Photos, folder =>
        {
            using var photos = DebianPhotos.Read(settings.SkimageDataDirectory, settings.WallpapersDirectory, settings.MaxPhotoPixels);
            return StoredDatasetSummary.WritePhotos(folder, photos);
        }, cancellationToken);
    }

    public async Task<ServiceResult<DatasetResponse>> ImportLandscapesAsync(ImportLandscapesRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        AddLandscapeErrors(errors, request.Count, request.Size);
        var name = request.Name?.Trim() ?? LandscapesSource;
        if (name.Length is 0 or > MaxNameLength)
            errors.Add("name", $"Must be 1 to {MaxNameLength} characters.");
        if (errors.ToError() is { } invalid)
            return invalid;

        return await StoreAsync(name, LandscapesSource, DatasetKind.Labelmaps, folder =>
        {
            using var set = LandscapeSet.Draw(unchecked((ulong)request.Seed), request.Count, request.Size, cancellationToken);
            return StoredDatasetSummary.WriteLabelMaps(folder, set);
        }, cancellationToken);
    }

    /// <summary>The landscapes of <see cref="ImportLandscapesAsync"/>, captioned from their maps and styles.</summary>
    public async Task<ServiceResult<DatasetResponse>> ImportLandscapeCaptionsAsync(ImportLandscapeCaptionsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        AddLandscapeErrors(errors, request.Count, request.Size);
        if (request.CaptionsPerImage < 1 || request.CaptionsPerImage > LandscapeCaptionWriter.MaxCaptionsPerImage)
            errors.Add("captionsPerImage", $"Must be between 1 and {LandscapeCaptionWriter.MaxCaptionsPerImage}, the number of training phrasings.");
        var name = request.Name?.Trim() ?? LandscapeCaptionsSource;
        if (name.Length is 0 or > MaxNameLength)
            errors.Add("name", $"Must be 1 to {MaxNameLength} characters.");
        if (errors.ToError() is { } invalid)
            return invalid;

        return await StoreAsync(name, LandscapeCaptionsSource, DatasetKind.Captions, folder =>
        {
            using var set = LandscapeCaptionWriter.Write(unchecked((ulong)request.Seed), request.Count, request.Size, request.CaptionsPerImage, cancellationToken);
            return StoredDatasetSummary.WriteCaptions(folder, set);
        }, cancellationToken);
    }

    public async Task<ServiceResult<DatasetResponse>> ImportCrowdsAsync(ImportCrowdsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        if (request.TrainScenes is < 1 or > CrowdSimulator.MaxScenes)
            errors.Add("trainScenes", $"Must be between 1 and {CrowdSimulator.MaxScenes}.");
        if (request.ValidationScenes is < 1 or > CrowdSimulator.MaxScenes)
            errors.Add("validationScenes", $"Must be between 1 and {CrowdSimulator.MaxScenes}.");
        if (request.TestScenes is < 0 or > CrowdSimulator.MaxScenes)
            errors.Add("testScenes", $"Must be between 0 and {CrowdSimulator.MaxScenes}.");
        if (request.Frames is < CrowdSimulator.MinFrames or > CrowdSimulator.MaxFrames)
            errors.Add("frames", $"Must be between {CrowdSimulator.MinFrames} and {CrowdSimulator.MaxFrames}.");
        var name = request.Name?.Trim() ?? CrowdsSource;
        if (name.Length is 0 or > MaxNameLength)
            errors.Add("name", $"Must be 1 to {MaxNameLength} characters.");
        if (errors.ToError() is { } invalid)
            return invalid;

        return await StoreAsync(name, CrowdsSource, DatasetKind.Trajectories, folder =>
        {
            var scenes = CrowdSimulator.Simulate(
                unchecked((ulong)request.Seed), request.TrainScenes, request.ValidationScenes, request.TestScenes, request.Frames, cancellationToken);
            return StoredDatasetSummary.WriteTrajectories(folder, scenes);
        }, cancellationToken);
    }

    private void AddLandscapeErrors(FieldErrors errors, int count, int size)
    {
        if (count is < 1 or > MaxLandscapes)
            errors.Add("count", $"Must be between 1 and {MaxLandscapes}.");
        if (size is < LandscapeGenerator.MinSize or > LandscapeGenerator.MaxSize)
            errors.Add("size", $"Must be between {LandscapeGenerator.MinSize} and {LandscapeGenerator.MaxSize}.");
        // Images (3 bytes a pixel) and maps (1) are held in memory while they are written.
        else if (count is >= 1 and <= MaxLandscapes && 4L * count * size * size > options.Value.MaxDatasetBytes)
            errors.Add("count", $"{count} landscapes of {size}×{size} need {4L * count * size * size} bytes; datasets are limited to {options.Value.MaxDatasetBytes} (Datasets:MaxDatasetBytes).");
    }
}
