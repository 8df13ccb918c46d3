using GenService.Api.Entities;
using GenService.Api.Inference;
using GenService.Api.Infrastructure;
using GenService.ML.Families;
using GenService.ML.Imaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace GenService.Api.Models;

/// <summary>Lists trained models and generates images with them through the <see cref="InferenceEngine"/>.</summary>
public sealed class ModelService(GenServiceDbContext db, InferenceEngine engine, ServableModels servable, ModelFamilyCatalog families, IOptions<StorageOptions> storage)
{
    public const int MaxSamples = 256;
    public const int MaxInterpolationSteps = 64;
    public const int MaxStyleMixingSeeds = 8;
    public const int MaxNoiseDraws = 64;
    public const double MinTruncation = -1;
    public const double MaxTruncation = 1;
    public const int MinFrameMilliseconds = 20;
    public const int MaxFrameMilliseconds = 10_000;
    private const int GridPadding = 2;
    private const byte StyleMixingBackground = 255;

    public async Task<IReadOnlyList<ModelResponse>> ListAsync(int limit, CancellationToken cancellationToken) =>
        (await db.Models.AsNoTracking().OrderByDescending(m => m.CreatedAt).Take(limit).ToListAsync(cancellationToken)).Select(ToResponse).ToList();

    public async Task<ModelResponse?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken) is { } model ? ToResponse(model) : null;

    /// <summary>Deletes a model that is not training or generating, with its runs, generations and files.</summary>
    public async Task<ServiceError?> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var model = await db.Models.FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (model is null)
            return ServiceError.NotFound($"Model {id} does not exist.");
        if (model.Status == ModelStatus.Training)
            return ServiceError.Conflict("The model is still training; cancel its run first.");
        if (await db.Generations.AnyAsync(g => g.ModelId == id && (g.Status == GenerationStatus.Queued || g.Status == GenerationStatus.Running), cancellationToken))
            return ServiceError.Conflict("The model has generations still running; delete it once they have finished.");
        var runIds = await db.TrainingRuns.Where(r => r.ModelId == id).Select(r => r.Id).ToListAsync(cancellationToken);
        var generationIds = await db.Generations.Where(g => g.ModelId == id).Select(g => g.Id).ToListAsync(cancellationToken);
        db.Models.Remove(model);
        await db.SaveChangesAsync(cancellationToken);

        servable.Forget(id);
        engine.Evict(id);
        StorageLayout.DeleteFolder(storage.Value.Resolve(StorageLayout.Model(id)));
        foreach (var runId in runIds)
            StorageLayout.DeleteFolder(storage.Value.Resolve(StorageLayout.Run(runId)));
        foreach (var generationId in generationIds)
            StorageLayout.DeleteFolder(storage.Value.Resolve(StorageLayout.Generation(generationId)));
        return null;
    }

    public async Task<ServiceResult<GeneratedImage>> SampleAsync(Guid id, SampleRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (request.Count is < 1 or > MaxSamples)
            errors.Add("count", $"Must be between 1 and {MaxSamples}.");
        else if (request.Layout == SampleLayout.Single && request.Count != 1)
            errors.Add("count", "Layout \"single\" returns one image: count must be 1 (use grid for more).");
        if (request.Columns is < 1 or > MaxSamples)
            errors.Add("columns", $"Must be between 1 and {MaxSamples}.");
        if (request.Truncation is { } truncation)
            errors.Add(CheckTruncation(truncation));
        errors.Add(CheckCheckpoint(request.Checkpoint));
        if (errors.ToError() is { } invalid)
            return invalid;

        var model = await servable.FindAsync(id, request.Checkpoint, cancellationToken);
        if (model.Error is not null)
            return model.Error;
        var seeds = Enumerable.Range(0, request.Count).Select(i => request.Seed + i).ToList();
        var columns = request.Columns ?? (int)Math.Ceiling(Math.Sqrt(request.Count));
        var work = new SampleWork(seeds, request.Truncation);
        return Encode(await engine.RunAsync(model.Value!, work, cancellationToken), ImageOutput.Still(request.Format.ToImageFormat()), columns);
    }

    public async Task<ServiceResult<GeneratedImage>> InterpolateAsync(Guid id, InterpolateRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (request.Steps is < 2 or > MaxInterpolationSteps)
            errors.Add("steps", $"Must be between 2 and {MaxInterpolationSteps}.");
        if (request.Columns is < 1 or > MaxInterpolationSteps)
            errors.Add("columns", $"Must be between 1 and {MaxInterpolationSteps}.");
        var inW = request.Space == LatentSpace.W;
        if (request.Truncation is { } truncation)
            errors.Add(inW ? CheckTruncation(truncation) : TruncationNeedsW());
        errors.Add(CheckFrameMilliseconds(request.FrameMilliseconds));
        errors.Add(CheckCheckpoint(request.Checkpoint));
        if (errors.ToError() is { } invalid)
            return invalid;

        var model = await servable.FindAsync(id, request.Checkpoint, cancellationToken);
        if (model.Error is not null)
            return model.Error;
        var path = request.Path.ToInterpolationPath();
        InferenceWork work = inW
            ? new StyleInterpolateWork(request.FromSeed, request.ToSeed, request.Steps, path, request.Truncation ?? 1)
            : new InterpolateWork(request.FromSeed, request.ToSeed, request.Steps, path);
        var generated = await engine.RunAsync(model.Value!, work, cancellationToken);
        return Encode(generated, request.Format.ToImageOutput(), request.Columns ?? request.Steps, TimeSpan.FromMilliseconds(request.FrameMilliseconds));
    }

    public async Task<ServiceResult<GeneratedImage>> MixStylesAsync(Guid id, StyleMixingRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        foreach (var (field, seeds) in new[] { ("rowSeeds", request.RowSeeds), ("columnSeeds", request.ColumnSeeds) })
        {
            if (seeds is not { Count: >= 1 and <= MaxStyleMixingSeeds })
                errors.Add(field, $"Give 1 to {MaxStyleMixingSeeds} seeds.");
        }
        if (request.Styles is not null && (request.FirstStyle is not null || request.LastStyle is not null))
            errors.Add("styles", "Give either styles (a group) or firstStyle/lastStyle, not both.");
        errors.Add(CheckTruncation(request.Truncation));
        errors.Add(CheckCheckpoint(request.Checkpoint));
        if (errors.ToError() is { } invalid)
            return invalid;

        var model = await servable.FindAsync(id, request.Checkpoint, cancellationToken);
        if (model.Error is not null)
            return model.Error;
        var group = request.Styles ?? (request.FirstStyle is null && request.LastStyle is null ? StyleGroup.Coarse : null);
        var selection = new StyleSelection(group?.ToGroupName(), request.FirstStyle, request.LastStyle);
        var work = new StyleMixingWork(request.RowSeeds!, request.ColumnSeeds!, selection, request.Truncation);
        return EncodeStyleMixing(
            await engine.RunAsync(model.Value!, work, cancellationToken), request.RowSeeds!.Count, request.ColumnSeeds!.Count, request.Format.ToImageFormat());
    }

    public async Task<ServiceResult<GeneratedImage>> VaryNoiseAsync(Guid id, NoiseVariationRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (request.Count is < 2 or > MaxNoiseDraws)
            errors.Add("count", $"Must be between 2 and {MaxNoiseDraws}.");
        errors.Add(CheckTruncation(request.Truncation));
        if (request.Columns is < 1 or > MaxNoiseDraws + 1)
            errors.Add("columns", $"Must be between 1 and {MaxNoiseDraws + 1}.");
        errors.Add(CheckFrameMilliseconds(request.FrameMilliseconds));
        errors.Add(CheckCheckpoint(request.Checkpoint));
        if (errors.ToError() is { } invalid)
            return invalid;

        var model = await servable.FindAsync(id, request.Checkpoint, cancellationToken);
        if (model.Error is not null)
            return model.Error;
        var firstNoiseSeed = request.NoiseSeed ?? request.Seed;
        var noiseSeeds = Enumerable.Range(0, request.Count).Select(i => firstNoiseSeed + i).ToList();
        var work = new NoiseVariationWork(request.Seed, noiseSeeds, request.Truncation, request.Deviation);
        var tiles = request.Count + (request.Deviation ? 1 : 0);
        var columns = request.Columns ?? (int)Math.Ceiling(Math.Sqrt(tiles));
        return Encode(await engine.RunAsync(model.Value!, work, cancellationToken), request.Format.ToImageOutput(), columns, TimeSpan.FromMilliseconds(request.FrameMilliseconds));
    }

    /// <summary>Encodes an uploaded image and decodes it again; the image is cropped and resized to the model's shape.</summary>
    public async Task<ServiceResult<GeneratedImage>> ReconstructAsync(Guid id, Stream image, ImageFormat format, string? checkpoint, CancellationToken cancellationToken)
    {
        var model = await servable.FindAsync(id, checkpoint, cancellationToken);
        if (model.Error is not null)
            return model.Error;
        var shape = await db.Models.AsNoTracking().Where(m => m.Id == id)
            .Select(m => new ImageShape(m.Channels, m.ImageHeight, m.ImageWidth)).FirstAsync(cancellationToken);

        using var buffer = new MemoryStream();
        await image.CopyToAsync(buffer, cancellationToken);
        DecodedImage decoded;
        try
        {
            decoded = ImageCodec.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), shape.Height, shape.Channels);
        }
        catch (InvalidImageException exception)
        {
            return ServiceError.Invalid("image", exception.Message);
        }
        // Plain bytes go to the worker: the request may time out and free its tensors while the batch runs.
        byte[] pixels;
        using (decoded.Pixels)
            pixels = decoded.Pixels.contiguous().data<byte>().ToArray();
        return Encode(await engine.RunAsync(model.Value!, new ReconstructWork(pixels), cancellationToken), ImageOutput.Still(format), 1);
    }

    /// <summary>Tiles and encodes (or animates) on the request thread, so the device worker spends its
    /// time on forward passes only.</summary>
    internal static ServiceResult<GeneratedImage> Encode(ServiceResult<GeneratedPixels> generated, ImageOutput output, int columns, TimeSpan frameDelay = default)
    {
        if (generated.Error is not null)
            return generated.Error;
        var (pixels, count, shape) = generated.Value!;
        if (count == 1 && output.Format is { } single)
            return new GeneratedImage(ImageCodec.Encode(pixels, shape.Channels, shape.Height, shape.Width, single), single.ContentType);
        using var scope = NewDisposeScope();
        var images = tensor(pixels, shape.AsBatch(count));                 // [N, C, H, W] uint8
        if (output.Format is not { } format)
            return new GeneratedImage(AnimatedGif.Encode(images, frameDelay), AnimatedGif.ContentType);
        return new GeneratedImage(ImageCodec.Encode(ImageGrid.Tile(images, columns, GridPadding), format), format.ContentType);
    }

    /// <summary>Lays out <see cref="StyleMixingWork"/>'s images as the paper's figure: a blank corner, the
    /// column sources along the top, each row's source on its left.</summary>
    private static ServiceResult<GeneratedImage> EncodeStyleMixing(ServiceResult<GeneratedPixels> generated, int rows, int columns, ImageFormat format)
    {
        if (generated.Error is not null)
            return generated.Error;
        var (pixels, count, shape) = generated.Value!;
        using var scope = NewDisposeScope();
        var images = tensor(pixels, shape.AsBatch(count));                 // [C + R + R·C, ch, H, W] uint8
        var tiles = new List<Tensor> { full(shape.AsBatch(1), StyleMixingBackground, ScalarType.Byte), images.narrow(0, 0, columns) };
        for (var row = 0; row < rows; row++)
        {
            tiles.Add(images.narrow(0, columns + row, 1));
            tiles.Add(images.narrow(0, columns + rows + (row * columns), columns));
        }
        var picture = ImageGrid.Tile(cat(tiles, 0), columns + 1, GridPadding, StyleMixingBackground);
        return new GeneratedImage(ImageCodec.Encode(picture, format), format.ContentType);
    }

    /// <summary>Why a truncation ψ is refused, or null; shared with asynchronous generations.</summary>
    public static ServiceError? CheckTruncation(double truncation) =>
        truncation is >= MinTruncation and <= MaxTruncation
            ? null
            : ServiceError.Invalid("truncation", $"Must be between {MinTruncation} and {MaxTruncation}.");

    private static ServiceError TruncationNeedsW() =>
        ServiceError.Invalid("truncation", "Truncation applies to walks in w (space \"w\", StyleGAN models); walks in z take none.");

    /// <summary>Why a checkpoint selector is refused, or null; checked with the other fields, before the model is looked up.</summary>
    public static ServiceError? CheckCheckpoint(string? checkpoint) =>
        CheckpointSelector.TryParse(checkpoint, out _) ? null : ServiceError.Invalid("checkpoint", CheckpointSelector.Help);

    internal static ServiceError? CheckFrameMilliseconds(int milliseconds) =>
        milliseconds is >= MinFrameMilliseconds and <= MaxFrameMilliseconds
            ? null
            : ServiceError.Invalid("frameMilliseconds", $"Must be between {MinFrameMilliseconds} and {MaxFrameMilliseconds}.");

    private ModelResponse ToResponse(GenerativeModel model) =>
        new(model.Id, model.Name, model.Version, model.Architecture, model.Status.ToString(), model.DatasetId,
            model.Channels, model.ImageHeight, model.ImageWidth,
            Hyperparameters.Describe(families.Find(model.Architecture)?.Hyperparameters ?? [], model.Hyperparameters), model.Metrics, model.CreatedAt, model.UpdatedAt);
}
