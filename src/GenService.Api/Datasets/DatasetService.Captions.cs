using GenService.Api.Infrastructure;
using GenService.ML.Datasets.Captions;
using GenService.ML.Families;
using Microsoft.EntityFrameworkCore;

namespace GenService.Api.Datasets;

/// <summary>The captions of a captions dataset, read a page at a time.</summary>
public sealed partial class DatasetService
{
    /// <summary>The captions of a captions dataset's images from <paramref name="offset"/> on, at most <paramref name="limit"/> of them.</summary>
    public async Task<ServiceResult<CaptionsPage>> CaptionsAsync(Guid id, long offset, int limit, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (offset < 0)
            errors.Add("offset", "Must be 0 or more.");
        if (limit is < 1 or > MaxCaptionsPageLimit)
            errors.Add("limit", $"Must be between 1 and {MaxCaptionsPageLimit}.");
        if (errors.ToError() is { } invalid)
            return invalid;
        var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (dataset is null)
            return ServiceError.NotFound($"Dataset {id} does not exist.");
        if (dataset.Kind != DatasetKind.Captions)
            return ServiceError.NotFound($"Dataset {id} holds {CapabilityCheck.Name(dataset.Kind)}, not captions.");
        var items = CaptionFile.ReadCaptions(storage.Value.Resolve(dataset.StorageLocation), offset, limit);
        return new CaptionsPage(dataset.ItemCount, offset, [.. items.Select((item, i) => new ImageCaptionsResponse(offset + i, item.HeldOut, item.Captions, item.UnseenPhrasings))]);
    }
}
