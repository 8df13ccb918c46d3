using GenService.Api.Accounts;
using GenService.Api.Entities;
using GenService.Api.Infrastructure;
using GenService.Api.Plots;
using GenService.Api.Quotas;
using GenService.ML.Datasets;
using GenService.ML.Families;
using GenService.ML.Imaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace GenService.Api.Datasets;

/// <summary>
/// Creates datasets (images, photos, pairs, label maps, captions or trajectories from an uploaded zip; the built-in Fashion-MNIST
/// and generated landscapes, each with or without captions, Debian photos and simulated crowds), lists, previews and deletes
/// them. A dataset is written to a staging folder, moved into place once complete, and only then
/// recorded: a failure at any point leaves neither files nor a row behind. Each belongs to the caller's account:
/// two accounts importing a built-in dataset get a dataset each, and each counts against its account's storedBytes quota.
/// </summary>
public sealed partial class DatasetService(
    GenServiceDbContext db,
    Caller caller,
    DatasetArchiveImporter importer,
    PhotoArchiveImporter photoImporter,
    PairArchiveImporter pairImporter,
    LabelMapArchiveImporter labelMapImporter,
    CaptionArchiveImporter captionImporter,
    TrajectoryArchiveImporter trajectoryImporter,
    QuotaService quotas,
    IOptions<StorageOptions> storage,
    IOptions<DatasetOptions> options,
    IOptions<PlotOptions> plots,
    TimeProvider clock,
    ILogger<DatasetService> logger)
{
    public const string UploadSource = "upload";
    public const string FashionMnistSource = "fashion-mnist";
    public const string DebianPhotosSource = "debian-photos";
    public const string LandscapesSource = "landscapes";
    public const string FashionMnistCaptionsSource = "fashion-mnist-captions";
    public const string LandscapeCaptionsSource = "landscape-captions";
    public const string CrowdsSource = "crowds";
    public const int MaxLandscapes = 20_000;
    public const int MinImageSize = 8;
    public const int MaxImageSize = 256;
    public const int DefaultImageSize = 64;
    public const int MaxFashionMnistLimit = 60_000;
    public const int MaxFashionMnistHeldOut = 10_000;
    public const int MaxCaptionsPageLimit = 500;
    public const int DefaultCaptionsPageLimit = 50;
    public const int MaxPreviewCount = 256;
    public const int DefaultPreviewCount = 64;
    private const int MaxNameLength = 200;

    /// <summary>Largest archive accepted, in bytes (Storage:MaxUploadBytes).</summary>
    public long MaxUploadBytes => storage.Value.MaxUploadBytes;

    public async Task<ServiceResult<DatasetResponse>> CreateFromArchiveAsync(DatasetUpload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var errors = new FieldErrors();
        // The form binder also takes a member's number, which may name no member.
        if (upload.Kind is { } givenKind && !Enum.IsDefined(givenKind))
            errors.Add("kind", EnumNameConverter.MustBe(typeof(DatasetKindName)));
        if (upload.Direction is { } givenDirection && !Enum.IsDefined(givenDirection))
            errors.Add("direction", EnumNameConverter.MustBe(typeof(PairDirection)));
        var kind = upload.Kind switch
        {
            DatasetKindName.photos => DatasetKind.Photos,
            DatasetKindName.pairs => DatasetKind.Pairs,
            DatasetKindName.labelmaps => DatasetKind.Labelmaps,
            DatasetKindName.captions => DatasetKind.Captions,
            DatasetKindName.trajectories => DatasetKind.Trajectories,
            _ => DatasetKind.Images,
        };
        if (upload.Direction is not null && upload.Kind is not DatasetKindName.pairs)
            errors.Add("direction", "Only for pairs: leave it out for images and photos.");
        var swapSides = upload.Direction == PairDirection.BtoA;
        if (upload.ImageSize is < MinImageSize or > MaxImageSize)
            errors.Add("imageSize", $"Must be between {MinImageSize} and {MaxImageSize}.");
        if (upload.Channels is not (null or 1 or 3))
            errors.Add("channels", "Must be 1 (gray) or 3 (RGB); leave it out to choose 1 when every image is gray.");
        var name = upload.Name?.Trim() ?? DefaultName(upload.FileName);
        if (name.Length is 0 or > MaxNameLength)
            errors.Add("name", $"Must be 1 to {MaxNameLength} characters.");
        if (upload.Archive.CanSeek && upload.Archive.Length == 0)
            errors.Add("file", "The uploaded file is empty.");
        if (errors.ToError() is { } invalid)
            return invalid;

        try
        {
            // Zip readers seek to the central directory at the end; spool anything unseekable to disk
            // rather than let the reader copy it into memory.
            await using var seekable = upload.Archive.CanSeek ? null : await SpoolToDiskAsync(upload.Archive, cancellationToken);
            var archive = seekable ?? upload.Archive;
            Func<string, StoredDatasetSummary> write = kind switch
            {
                DatasetKind.Photos => folder =>
                {
                    using var photos = photoImporter.Import(archive, upload.Channels, cancellationToken);
                    return StoredDatasetSummary.WritePhotos(folder, photos);
                },
                DatasetKind.Pairs => folder =>
                {
                    using var pairs = pairImporter.Import(archive, upload.ImageSize, upload.Channels, swapSides, cancellationToken);
                    return StoredDatasetSummary.WritePairs(folder, pairs);
                },
                DatasetKind.Captions => folder =>
                {
                    using var set = captionImporter.Import(archive, upload.ImageSize, upload.Channels, cancellationToken);
                    return StoredDatasetSummary.WriteCaptions(folder, set);
                },
                DatasetKind.Trajectories => folder => StoredDatasetSummary.WriteTrajectories(folder, trajectoryImporter.Import(archive, cancellationToken)),
                DatasetKind.Labelmaps => folder =>
                {
                    using var set = labelMapImporter.Import(archive, upload.ImageSize, upload.Channels, cancellationToken);
                    return StoredDatasetSummary.WriteLabelMaps(folder, set);
                },
                _ => folder =>
                {
                    using var imported = importer.Import(archive, upload.ImageSize, upload.Channels, cancellationToken);
                    return StoredDatasetSummary.WriteImages(folder, imported.Images, imported.HeldOut);
                },
            };
            return await StoreAsync(name, UploadSource, kind, write, cancellationToken);
        }
        catch (DatasetImportException exception)
        {
            logger.LogInformation("Refused a dataset archive '{FileName}': {Reason}", upload.FileName, exception.Message);
            return ServiceError.Invalid("file", exception.Message);
        }
    }

    /// <summary>The classes a label-map dataset's pixel values name.</summary>
    public async Task<ServiceResult<LabelClassesResponse>> LabelClassesAsync(Guid id, CancellationToken cancellationToken)
    {
        var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (dataset is null)
            return ServiceError.NotFound($"Dataset {id} does not exist.");
        if (dataset.Kind != DatasetKind.Labelmaps)
            return ServiceError.NotFound($"Dataset {id} holds {CapabilityCheck.Name(dataset.Kind)}, not label maps: it has no label classes.");
        var manifest = LabelMapFile.ReadManifest(storage.Value.Resolve(dataset.StorageLocation));
        return new LabelClassesResponse(manifest.Classes, manifest.DontCareIndex);
    }

    public async Task<IReadOnlyList<DatasetResponse>> ListAsync(int limit, CancellationToken cancellationToken) =>
        (await db.Datasets.AsNoTracking().OrderByDescending(d => d.CreatedAt).Take(limit).ToListAsync(cancellationToken)).Select(ToResponse).ToList();

    public async Task<DatasetResponse?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken) is { } dataset ? ToResponse(dataset) : null;

    /// <summary>Deletes a dataset and its files, unless a queued or running training run still needs it.</summary>
    public async Task<ServiceError?> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var dataset = await db.Datasets.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (dataset is null)
            return ServiceError.NotFound($"Dataset {id} does not exist.");
        var activeRuns = await db.TrainingRuns
            .Where(r => r.DatasetId == id && (r.Status == TrainingRunStatus.Queued || r.Status == TrainingRunStatus.Running))
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);
        if (activeRuns.Count > 0)
        {
            return ServiceError.Conflict(
                $"Dataset {id} is used by {activeRuns.Count} queued or running training run(s) ({string.Join(", ", activeRuns)}); cancel them or let them finish first.");
        }

        // The row goes first: files without a row are only wasted space, a row without files is broken.
        db.Datasets.Remove(dataset);
        await db.SaveChangesAsync(cancellationToken);
        StorageLayout.DeleteFolder(storage.Value.Resolve(dataset.StorageLocation));
        return null;
    }

    /// <summary>A grid of images drawn from the dataset without replacement (captioned images with their first caption, trajectory scenes
    /// as plots of their tracks); the same seed always draws the same images.</summary>
    public async Task<ServiceResult<DatasetPreview>> PreviewAsync(Guid id, int count, int? columns, long seed, ImageFormat format, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (count is < 1 or > MaxPreviewCount)
            errors.Add("count", $"Must be between 1 and {MaxPreviewCount}.");
        if (columns is < 1 or > MaxPreviewCount)
            errors.Add("columns", $"Must be between 1 and {MaxPreviewCount}.");
        if (errors.ToError() is { } invalid)
            return invalid;
        var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (dataset is null)
            return ServiceError.NotFound($"Dataset {id} does not exist.");

        using var scope = NewDisposeScope();
        var shown = Math.Min(count, dataset.ItemCount);
        using var generator = new Generator((ulong)seed);
        var items = randperm(dataset.ItemCount, generator: generator).narrow(0, 0, shown).data<long>().ToArray();
        var grid = DatasetPreviewGrid.Render(
            dataset.Kind, storage.Value.Resolve(dataset.StorageLocation), items, columns ?? (int)Math.Ceiling(Math.Sqrt(shown)), plots.Value.FontFile);
        return new DatasetPreview(ImageCodec.Encode(grid, format!), format!.ContentType);  // null only with a format error, returned above
    }

    /// <summary>Writes the dataset to a staging folder, moves that into place, then adds the row. An account with no room
    /// left is refused before the work; one the written dataset would take over its quota, before it is moved into place.</summary>
    /// <param name="write">Builds the dataset and writes its files into the folder it is given.</param>
    private async Task<ServiceResult<DatasetResponse>> StoreAsync(
        string name, string source, DatasetKind kind, Func<string, StoredDatasetSummary> write, CancellationToken cancellationToken)
    {
        if (await quotas.CheckStoredBytesAsync(caller.AccountId, adding: null, cancellationToken) is { } full)
            return full;
        var id = Guid.CreateVersion7();
        var location = StorageLayout.Dataset(id);
        var finalPath = storage.Value.Resolve(location);
        var stagingPath = storage.Value.Resolve(Path.Combine(StorageLayout.Staging, $"dataset-{id:N}"));
        var moved = false;
        try
        {
            Directory.CreateDirectory(stagingPath);
            var stored = write(stagingPath);
            // Its size is known only once written; the staging folder is deleted below.
            if (await quotas.CheckStoredBytesAsync(caller.AccountId, stored.SizeBytes, cancellationToken) is { } overQuota)
                return overQuota;

            Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
            Directory.Move(stagingPath, finalPath);
            moved = true;

            var dataset = new Dataset
            {
                Id = id,
                AccountId = caller.AccountId,
                Name = name,
                Source = source,
                Kind = kind,
                Channels = stored.Channels,
                ChannelsB = stored.ChannelsB,
                ImageHeight = stored.Height,
                ImageWidth = stored.Width,
                ItemCount = checked((int)stored.Count),
                Classes = [.. stored.Classes],
                StorageLocation = location,
                Checksum = stored.Checksum,
                SizeBytes = stored.SizeBytes,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.Datasets.Add(dataset);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Stored {Kind} dataset {DatasetId} '{Name}' ({Source}): {Count} items of {Channels}×{Height}×{Width}",
                kind, id, name, source, stored.Count, stored.Channels, stored.Height, stored.Width);
            return ToResponse(dataset);
        }
        catch
        {
            if (moved)
                StorageLayout.DeleteFolder(finalPath);
            throw;
        }
        finally
        {
            StorageLayout.DeleteFolder(stagingPath);
        }
    }

    private async Task<FileStream> SpoolToDiskAsync(Stream archive, CancellationToken cancellationToken)
    {
        var folder = storage.Value.Resolve(StorageLayout.Staging);
        Directory.CreateDirectory(folder);
        var spool = new FileStream(
            Path.Combine(folder, $"upload-{Guid.NewGuid():N}.zip"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            bufferSize: 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await archive.CopyToAsync(spool, cancellationToken);
            spool.Position = 0;
            return spool;
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
    }

    private static string DefaultName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        name = name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;
        return string.IsNullOrWhiteSpace(name) ? "dataset" : name.Trim();
    }

    private static DatasetResponse ToResponse(Dataset dataset) =>
        new(dataset.Id, dataset.Name, CapabilityCheck.Name(dataset.Kind), dataset.Source, dataset.Channels, dataset.ChannelsB, dataset.ImageHeight, dataset.ImageWidth, dataset.ItemCount,
            dataset.Classes, dataset.Classes.Count > 0, dataset.Checksum, dataset.SizeBytes, dataset.CreatedAt,
            $"/v1/datasets/{dataset.Id}/preview");
}
